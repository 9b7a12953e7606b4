# common.py: what the raw socket clients of e2e-outcomes.sh share; each is
# run as `python3 CLIENT.py PORT CREDENTIAL ARGS...`.
import re
import socket


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=30)


def request(method, path, cred=None, headers=(), body=b""):
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: github.test"]
    if cred:
        lines.append("Authorization: Basic " + cred)
    lines.extend(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def upload_pack_want(want):
    """A protocol v0 upload-pack request for one commit."""
    line = ("want %s\n" % want).encode()
    return b"%04x" % (len(line) + 4) + line + b"0000" + b"0009done\n"


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def request_id(head):
    m = re.search(rb"X-Request-Id: ([0-9a-f]+)", head)
    return m.group(1).decode() if m else "none"


def read_all(sock):
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    return data
