#!/usr/bin/python3
"""close-second.py PORT CERT KEY LOG: a TLS upstream on 127.0.0.1:PORT that
answers the first request of each connection (200, keep-alive) and reads the
second whole, then closes the connection without a byte of answer: what a
connection the upstream closed while idle does to the request just sent on
it. Each request line read is appended to LOG, "(closed)" after the dropped
ones. Serves one connection at a time, until killed."""
import socket
import ssl
import sys

port, cert, key, log_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls.load_cert_chain(cert, key)
listener = socket.create_server(("127.0.0.1", port))


def read_request(stream):
    """The request line, or None at end of stream; reads the body too."""
    line = stream.readline()
    if not line:
        return None
    length = 0
    while True:
        header = stream.readline()
        if header in (b"\r\n", b""):
            break
        name, _, value = header.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    stream.read(length)
    return line.decode("latin-1").strip()


while True:
    raw, _ = listener.accept()
    try:
        with tls.wrap_socket(raw, server_side=True) as conn:
            stream = conn.makefile("rb")
            served = 0
            while True:
                request = read_request(stream)
                if request is None:
                    break
                served += 1
                with open(log_path, "a") as log:
                    log.write(request + (" (closed)" if served == 2 else "") + "\n")
                if served == 2:
                    break  # the file object holds the socket open: closed below
                body = b"001e# service=git-upload-pack\n0000"
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-advertisement\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            stream.close()
    except (OSError, ssl.SSLError):
        pass
