# early-then-bad-chunk PORT CRED PATH: a chunked POST whose first chunk is
# good; once the answer's body has begun, a malformed chunk size. Prints
# how many status lines came back, whether the answer ended cleanly
# (last-chunk) or was cut, and the request id.
import sys
import time

import common

port, cred, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = common.connect(port)
s.sendall(common.request("POST", path, cred, ["Content-Type: application/x-git-upload-pack-request",
                                              "Transfer-Encoding: chunked"], b"4\r\n0000\r\n"))
got = common.read_head(s)
deadline = time.time() + 10
while b"hello" not in got and time.time() < deadline:
    chunk = s.recv(65536)
    if not chunk:
        break
    got += chunk
s.sendall(b"zz\r\n")
got += common.read_all(s)
ending = "clean" if got.endswith(b"0\r\n\r\n") else "cut"
print("%d statuses, %s %s" % (got.count(b"HTTP/1.1 "), ending, common.request_id(got)))
