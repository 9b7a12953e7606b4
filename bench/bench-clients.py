#!/usr/bin/python3
"""bench-clients.py: many clients of one HTTP/1.1 server on 127.0.0.1 that
do little, for bench/loopback-run.sh. Nothing here is timed: the caller
measures the server (its RSS, another client's latency) while these hold
their connections.

usage: bench-clients.py idle PORT COUNT [PATH AUTH]
       bench-clients.py slow PORT COUNT PATH AUTH BODY_FILE SECONDS

idle: opens COUNT connections. With PATH, each then sends one GET PATH
(AUTH: the Authorization header's value), reads its whole response
(Content-Length or chunked) and keeps the connection open; without, it
sends nothing. Prints "ready OPEN" once all are in that state, then holds
them until its standard input ends, and prints "closed-by-server N".

slow: COUNT clients, each with a tiny receive buffer (SO_RCVBUF), POST
PATH with BODY_FILE as the body, then read one byte a second each. Prints
"ready STARTED" once every client has its first byte (or 120 s passed;
at most 32 at a time wait for it, so the upstream is not flooded),
keeps reading one byte a second until SECONDS have passed since then or
its standard input ends, whichever is first, and prints "slow STARTED
BYTES CUT": clients that got a first byte, bytes all of them read, and
clients whose connection the server closed before the end.

Exit codes: 0 done, 100 wrong usage, 111 a connection failed.
"""
import os
import select
import socket
import sys
import time

PROG = "bench-clients"
RAMP = 32


def fatal(why):
    print(f"{PROG}: fatal: {why}", file=sys.stderr)
    sys.exit(111)


def usage():
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    sys.exit(100)


def connect(port, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf is not None:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    try:
        s.connect(("127.0.0.1", port))
    except OSError as e:
        fatal(f"unable to connect to 127.0.0.1:{port}: {e.strerror}")
    return s


def read_response(s):
    """Reads one whole response (Content-Length or chunked) from s."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        got = s.recv(65536)
        if not got:
            fatal("the server closed a connection before its response head")
        buf += got
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0].startswith("HTTP/1.1 200"):
        fatal(f"the server answered {lines[0]!r}")
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    if "content-length" in fields:
        left = int(fields["content-length"]) - len(body)
        while left > 0:
            got = s.recv(min(left, 65536))
            if not got:
                fatal("the server closed a connection mid-body")
            left -= len(got)
        return
    if fields.get("transfer-encoding", "").lower() != "chunked":
        fatal("a response with neither Content-Length nor chunked")
    while not body.endswith(b"0\r\n\r\n"):
        got = s.recv(65536)
        if not got:
            fatal("the server closed a connection mid-body")
        body += got


def stdin_ended(timeout):
    r, _, _ = select.select([sys.stdin], [], [], timeout)
    return bool(r) and not os.read(sys.stdin.fileno(), 4096)


def idle(port, count, path=None, auth=None):
    socks = []
    for _ in range(count):
        s = connect(port)
        if path:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\n\r\n".encode())
            read_response(s)
        socks.append(s)
    print(f"ready {len(socks)}", flush=True)
    while not stdin_ended(1.0):
        pass
    closed = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        s.close()
    print(f"closed-by-server {closed}", flush=True)


def slow(port, count, path, auth, body_file, seconds):
    with open(body_file, "rb") as f:
        body = f.read()
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\n"
               f"Content-Type: application/x-git-upload-pack-request\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    socks = []
    started = set()
    cut = set()
    due = []  # when each client reads next
    total = 0

    def read_due():
        """One byte from each client whose second is up; a client still
        waiting for its first byte tries again soon."""
        nonlocal total
        now = time.monotonic()
        for i, s in enumerate(socks):
            if i in cut or due[i] > now:
                continue
            try:
                got = s.recv(1)
            except BlockingIOError:
                due[i] = now + (1.0 if i in started else 0.05)
                continue
            except OSError:
                cut.add(i)
                continue
            if not got:
                cut.add(i)
                continue
            total += 1
            started.add(i)
            due[i] = now + 1.0

    # At most RAMP clients wait for their first byte at a time, so the
    # upstream's workers, not a burst, set the pace.
    deadline = time.monotonic() + 120
    while len(started | cut) < count and time.monotonic() < deadline:
        while len(socks) < count and len(socks) - len(started | cut) < RAMP:
            s = connect(port, rcvbuf=1)  # the kernel's minimum
            s.sendall(request)
            s.setblocking(False)
            socks.append(s)
            due.append(0.0)
        read_due()
        time.sleep(0.05)
    print(f"ready {len(started)}", flush=True)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if stdin_ended(0.05):
            break
        read_due()
    for s in socks:
        s.close()
    print(f"slow {len(started)} {total} {len(cut)}", flush=True)


def main(argv):
    if len(argv) < 4:
        usage()
    try:
        port, count = int(argv[2]), int(argv[3])
    except ValueError:
        usage()
    if argv[1] == "idle" and len(argv) == 4:
        idle(port, count)
    elif argv[1] == "idle" and len(argv) == 6:
        idle(port, count, argv[4], argv[5])
    elif argv[1] == "slow" and len(argv) == 8:
        slow(port, count, argv[4], argv[5], argv[6], float(argv[7]))
    else:
        usage()


if __name__ == "__main__":
    main(sys.argv)
