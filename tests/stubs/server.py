"""A stub of three translation services on 127.0.0.1, in-process, on an ephemeral port.

- LibreTranslate: ``POST /translate`` (JSON or form; ``q`` a string or a list),
  ``GET /languages``;
- Google's web page: ``GET /m?sl=..&tl=..&q=..`` answering ``<div class="result-container">``;
- MyMemory: ``GET /get?q=..&langpair=en|uk-UA``;
- ``GET /stats``: how many translation requests were served (for the benchmark).

The "translation" is a pseudo-translation that keeps tags and markers
(``uk«Hello <g1>world</g1>.»``).  Every request is captured raw (request line,
headers, body) in :attr:`StubServer.requests`; faults are queued per service
with :meth:`StubServer.fault` and consumed one per request.

Run standalone (for the benchmark): ``python -m tests.stubs --latency 0.05``
prints the base URL, then serves until killed.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Translate = Callable[[str, str], str]

_TOKEN = re.compile(r"\[X\d+X\]|<[^>]+>")
MYMEMORY_QUOTA = (
    "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. "
    "NEXT AVAILABLE IN  10 HOURS 20 MINUTES 35 SECONDS"
)


def pseudo(text: str, target: str) -> str:
    """A deterministic "translation" that keeps every tag and marker."""
    return f"{target.split('-', maxsplit=1)[0]}«{text}»"


def drop_first_token(text: str, target: str) -> str:
    """A translation that lost its first tag or marker."""
    return _TOKEN.sub("", pseudo(text, target), count=1)


@dataclass
class Fault:
    """What the stub does instead of (or before) answering one request."""

    status: int | None = None
    """Answer with this status (and ``body``) instead of a translation."""
    retry_after: str | None = None
    delay: float = 0.0
    """Sleep this long first (longer than the client's timeout: a timeout)."""
    body: str = ""
    translate: Translate | None = None
    """Answer with this function's output instead of the pseudo-translation."""
    raw_answer: Any = None
    """Answer this JSON / text as the translation itself (``""``, ``None``...)."""
    use_raw: bool = False


@dataclass
class Captured:
    """One request as the stub received it."""

    service: str
    method: str
    path: str
    query: dict[str, list[str]]
    body: str
    raw: str
    """Request line, headers and body: everything that left the client."""
    texts: list[str] = field(default_factory=list)
    """The texts to translate it carried."""


class StubServer:
    """The stub services (a context manager: started on enter, stopped on exit)."""

    def __init__(self, *, latency: float = 0.0, translate: Translate = pseudo) -> None:
        self.latency = latency
        self.translate = translate
        self.batch_limit: int | None = None
        self.api_key: str | None = None
        self.requests: list[Captured] = []
        self._faults: dict[str, deque[Fault]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def fault(self, service: str, *faults: Fault, times: int = 1) -> None:
        """Queue ``faults`` for the next requests to ``service`` (``libre``, ``google``...)."""
        with self._lock:
            queue = self._faults.setdefault(service, deque())
            for _ in range(times):
                queue.extend(faults)

    def next_fault(self, service: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(service)
            return queue.popleft() if queue else None

    def capture(self, captured: Captured) -> None:
        with self._lock:
            self.requests.append(captured)

    def sent(self, service: str | None = None) -> list[Captured]:
        """Requests received (for one service)."""
        with self._lock:
            return [r for r in self.requests if service is None or r.service == service]

    def start(self) -> StubServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _make_handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # as real servers do: no 40 ms stall on kept-alive sockets

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def _handle(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            query = parse_qs(parts.query, keep_blank_values=True)
            service = {"/translate": "libre", "/m": "google", "/get": "mymemory"}.get(
                parts.path, "other"
            )
            raw = f"{self.requestline}\r\n{self.headers}{body}"
            captured = Captured(service, method, parts.path, query, body, raw)
            stub.capture(captured)
            fault = stub.next_fault(service)
            time.sleep(stub.latency + (fault.delay if fault else 0.0))
            if fault is not None and fault.status is not None:
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                self._send(fault.status, fault.body or '{"error": "stub fault"}', headers)
                return
            if service == "libre":
                self._libre(captured, body, fault)
            elif service == "google":
                self._google(captured, query, fault)
            elif service == "mymemory":
                self._mymemory(captured, query, fault)
            elif parts.path == "/stats":  # for the benchmark: requests served so far
                served = len(stub.sent()) - len(stub.sent("other"))
                self._send(200, json.dumps({"requests": served}))
            elif parts.path == "/languages":
                self._send(200, json.dumps([{"code": "en"}, {"code": "uk"}, {"code": "de"}]))
            else:
                self._send(404, '{"error": "not found"}')

        def _answer(self, text: str, target: str, fault: Fault | None) -> Any:
            if fault is not None and fault.use_raw:
                return fault.raw_answer
            if fault is not None and fault.translate is not None:
                return fault.translate(text, target)
            return stub.translate(text, target)

        def _libre(self, captured: Captured, body: str, fault: Fault | None) -> None:
            if self.headers.get("Content-Type", "").startswith("application/json"):
                data = json.loads(body or "{}")
            else:
                data = {k: v[0] for k, v in parse_qs(body).items()}
                data.update({k: v[0] for k, v in captured.query.items()})
            q, target = data.get("q", ""), str(data.get("target", ""))
            texts = q if isinstance(q, list) else [q]
            captured.texts = [str(t) for t in texts]
            if stub.api_key is not None and data.get("api_key") != stub.api_key:
                self._send(403, '{"error": "Invalid API key"}')
                return
            if stub.batch_limit is not None and len(texts) > stub.batch_limit:
                self._send(400, json.dumps({"error": f"batch of {len(texts)} exceeds limit"}))
                return
            answers = [self._answer(t, target, fault) for t in captured.texts]
            answer: Any = answers if isinstance(q, list) else answers[0]
            self._send(200, json.dumps({"translatedText": answer}))

        def _google(self, captured: Captured, query: dict[str, list[str]], fault: Any) -> None:
            text, target = query.get("q", [""])[0], query.get("tl", [""])[0]
            captured.texts = [text]
            answer = self._answer(text, target, fault)
            div = (
                ""
                if answer is None
                else f'<div class="result-container">{html.escape(str(answer))}</div>'
            )
            page = f"<!DOCTYPE html><html><body><form>{div}</form></body></html>"
            self._send(200, page, {"Content-Type": "text/html; charset=utf-8"})

        def _mymemory(self, captured: Captured, query: dict[str, list[str]], fault: Any) -> None:
            text = query.get("q", [""])[0]
            target = query.get("langpair", ["|"])[0].split("|")[-1]
            captured.texts = [text]
            answer = self._answer(text, target, fault)
            data = {
                "responseData": {"translatedText": answer, "match": 0.85},
                "responseStatus": 200,
                "matches": [{"translation": answer, "match": 0.85}],
            }
            self._send(200, json.dumps(data))

        def _send(self, status: int, text: str, headers: dict[str, str] | None = None) -> None:
            data = text.encode("utf-8")
            try:
                self.send_response(status)
                headers = {"Content-Type": "application/json", **(headers or {})}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                self.close_connection = True

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    args = parser.parse_args()
    stub = StubServer(latency=args.latency)
    print(stub.url, flush=True)
    stub._server.serve_forever()


if __name__ == "__main__":
    main()
