"""A minimal webhook receiver for the demo: verifies each cxgate delivery and prints it.

Listens on 127.0.0.1:PORT, checks ``X-Cxgate-Signature`` over ``timestamp + "." + body`` with
the secret in $CXGATE_DEMO_WEBHOOK_SECRET (the README's snippet), refuses old timestamps,
skips event ids it has seen, and appends one line per accepted event to OUT.
Usage: python examples/webhook-receiver.py PORT OUT (prints "ready" once listening).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any


def verify_cxgate(secret: str, headers: dict[str, str], body: bytes, tolerance: int = 300) -> bool:
    timestamp = headers.get("X-Cxgate-Timestamp", "")
    signature = headers.get("X-Cxgate-Signature", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest("v1=" + mac.hexdigest(), signature)


def main() -> None:
    port, out = int(sys.argv[1]), sys.argv[2]
    secret = os.environ["CXGATE_DEMO_WEBHOOK_SECRET"]
    seen: set[str] = set()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = dict(self.headers.items())
            ok = verify_cxgate(secret, headers, body)
            self.send_response(204 if ok else 401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            event = json.loads(body) if ok else {}
            if ok and event["id"] not in seen:
                seen.add(event["id"])
                with open(out, "a", encoding="utf-8") as handle:
                    handle.write(json.dumps(event) + "\n")

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = HTTPServer(("127.0.0.1", port), Handler)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
