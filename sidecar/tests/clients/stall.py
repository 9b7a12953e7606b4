# stall PORT CRED PATH WANT: fetches WANT from upload-pack PATH, prints the
# request id once the answer's head is in, then reads nothing more for 30 s.
import sys
import time

import common

port, cred, path, want = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
body = common.upload_pack_want(want)
s = common.connect(port)
s.sendall(common.request("POST", path, cred, ["Content-Type: application/x-git-upload-pack-request",
                                              "Content-Length: %d" % len(body)], body))
print(common.request_id(common.read_head(s)), flush=True)
time.sleep(30)
