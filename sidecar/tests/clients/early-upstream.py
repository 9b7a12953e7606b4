# early-upstream PORT CERT KEY: a TLS server (the test CA's github.com
# certificate) that answers every request as soon as its head is in, 200
# with one chunk ("hello"), and then reads the request body to its end
# without ever finishing the answer.
import socket
import ssl
import sys
import threading

port, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)


def serve(conn):
    with ctx.wrap_socket(conn, server_side=True) as tls:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = tls.recv(65536)
            if not chunk:
                return
            data += chunk
        tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-result\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        try:
            while tls.recv(65536):
                pass
        except OSError:
            pass


listener = socket.create_server(("127.0.0.1", port))
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
