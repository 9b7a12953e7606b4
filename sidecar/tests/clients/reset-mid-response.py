# reset-mid-response PORT CRED PATH WANT: fetches WANT from upload-pack
# PATH, reads 64 KiB of the answer, then resets the connection; prints the
# request id.
import socket
import struct
import sys

import common

port, cred, path, want = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
body = common.upload_pack_want(want)
s = common.connect(port)
s.sendall(common.request("POST", path, cred, ["Content-Type: application/x-git-upload-pack-request",
                                              "Content-Length: %d" % len(body)], body))
got = common.read_head(s)
while len(got) < 65536:
    chunk = s.recv(65536)
    if not chunk:
        break
    got += chunk
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
print(common.request_id(got))
