# push-then-reset PORT CRED PATH OLD REF: a delete-only push of REF (whose
# current id is OLD) to receive-pack PATH; once the answer's head is in,
# the connection is reset. Prints the request id.
import socket
import struct
import sys

import common

port, cred, path, old, ref = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
command = ("%s %s %s" % (old, "0" * 40, ref)).encode() + b"\0report-status side-band-64k\n"
body = b"%04x" % (len(command) + 4) + command + b"0000"
s = common.connect(port)
s.sendall(common.request("POST", path, cred, ["Content-Type: application/x-git-receive-pack-request",
                                              "Content-Length: %d" % len(body)], body))
head = common.read_head(s)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
print(common.request_id(head))
