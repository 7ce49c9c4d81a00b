"""The floor of extratex-kg's HTTP stack: Flask on waitress (8 threads, as the server), no query.

Reads the POSTed form and answers a fixed SPARQL JSON result, so wrk on it measures what
Flask + waitress alone cost per request on this machine: no cache, engine or worker is
involved. Run with the project's Python (the same Flask and waitress versions):

    .venv/bin/python benchmarks/floor.py --port 8001
"""

from __future__ import annotations

import argparse
import json
import sys

from flask import Flask, Response, request
from waitress import serve

BODY = json.dumps(
    {"head": {"vars": ["p", "o"]}, "results": {"bindings": [{"p": {"type": "uri", "value": "x"}}] * 32}}
).encode()


def create_app() -> Flask:
    app = Flask(__name__)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        request.get_data()
        return Response(BODY, content_type="application/sparql-results+json")

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    serve(create_app(), host="127.0.0.1", port=args.port, threads=args.threads, ident="floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
