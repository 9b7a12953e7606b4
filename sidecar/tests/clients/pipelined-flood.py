# pipelined-flood PORT CRED PATH: 64 KiB of unauthenticated GETs of PATH in
# one write, then a half-close; prints how many were sent and answered.
import socket
import sys

import common

port, path = int(sys.argv[1]), sys.argv[3]
one = common.request("GET", path)
count = 65536 // len(one)
s = common.connect(port)
s.sendall(one * count)
s.shutdown(socket.SHUT_WR)
print(count, common.read_all(s).count(b"HTTP/1.1 "))
