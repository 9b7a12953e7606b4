# pipelined-half-close PORT CRED PATH...: the GETs in one write, then a
# half-close; prints the statuses of the answers, in order.
import re
import socket
import sys

import common

port, cred = int(sys.argv[1]), sys.argv[2]
s = common.connect(port)
s.sendall(b"".join(common.request("GET", p, cred) for p in sys.argv[3:]))
s.shutdown(socket.SHUT_WR)
print(" ".join(m.decode() for m in re.findall(rb"HTTP/1.1 (\d{3}) ", common.read_all(s))))
