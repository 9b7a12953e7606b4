#!/usr/bin/python3
"""flask-gateway.py: the benchmark's picture of the original design, a
minimal Flask + requests gateway that streams git's smart-HTTP requests to
the upstream with the credential added. Written only for
bench/gitproxy-bench.sh; nothing ships it, and it checks nothing: no scope,
no limits, no audit.

usage: flask-gateway.py PORT UPSTREAM_PORT CA_FILE TOKEN_FILE

Serves http://127.0.0.1:PORT/OWNER/REPO.git/... and relays each request to
https://github.com/OWNER/REPO.git/... on 127.0.0.1:UPSTREAM_PORT, verifying
the certificate for github.com against CA_FILE.
"""
import base64
import logging
import sys

import requests
from flask import Flask, Response, request
from requests.adapters import HTTPAdapter

HOST = "github.com"
PIECE = 64 * 1024
REQUEST_HEADERS = ("Content-Type", "Accept", "Content-Encoding", "Git-Protocol")
RESPONSE_HEADERS = ("Content-Type", "Cache-Control", "Expires", "Pragma")


class PinnedHost(HTTPAdapter):
    """Connects to the address in the URL, but speaks TLS to github.com and
    verifies that name, as a client with its own resolver would."""

    def init_poolmanager(self, *args, **kwargs):
        kwargs["server_hostname"] = HOST
        kwargs["assert_hostname"] = HOST
        super().init_poolmanager(*args, **kwargs)


def make_app(upstream, ca_file, authorization):
    session = requests.Session()
    session.mount(upstream, PinnedHost(pool_connections=4, pool_maxsize=256))
    session.verify = ca_file
    session.trust_env = False  # no CA bundle or proxy from the environment
    app = Flask(__name__)

    @app.route("/<owner>/<repo>/<path:rest>", methods=["GET", "POST"])
    def relay(owner, repo, rest):
        headers = {h: request.headers[h] for h in REQUEST_HEADERS if h in request.headers}
        headers["Host"] = HOST
        headers["Authorization"] = authorization
        body = None
        if request.method == "POST":
            # A generator: requests sends it chunked, as it arrives.
            body = iter(lambda: request.stream.read(PIECE), b"")
        url = f"{upstream}/{owner}/{repo}/{rest}"
        if request.query_string:
            url += "?" + request.query_string.decode("ascii")
        answer = session.request(request.method, url, headers=headers, data=body, stream=True)
        relayed = {h: answer.headers[h] for h in RESPONSE_HEADERS if h in answer.headers}

        def pieces():
            try:
                yield from answer.raw.stream(PIECE, decode_content=False)
            finally:
                answer.close()

        return Response(pieces(), status=answer.status_code, headers=relayed, direct_passthrough=True)

    return app


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: flask-gateway.py PORT UPSTREAM_PORT CA_FILE TOKEN_FILE")
    port, upstream_port, ca_file, token_file = sys.argv[1:]
    with open(token_file, encoding="ascii") as f:
        token = f.read().strip()
    authorization = "Basic " + base64.b64encode(f"x-access-token:{token}".encode()).decode()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    app = make_app(f"https://127.0.0.1:{upstream_port}", ca_file, authorization)
    app.run(host="127.0.0.1", port=int(port), threaded=True)


if __name__ == "__main__":
    main()
