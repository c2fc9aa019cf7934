"""Request limits applied to every route: body size (413) and a per-client rate (429).

Both are settings with safe defaults (README 'Limits'). The body limit checks the declared
Content-Length and also counts streamed bytes, so a client that lies about the length or
sends chunked data is cut off too (RFC 9110 section 15.5.14, 413 Content Too Large).
"""
from __future__ import annotations

import json
import threading
import time
from collections import deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send


async def _reject(send: Send, status: int, detail: str, headers: list | None = None) -> None:
    body = json.dumps({"error": "RequestRejected", "detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        msg = f"Request body over the limit of {self.max_bytes} bytes (COUNCILKG_MAX_REQUEST_BYTES)."
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await _reject(send, 413, msg)
        seen = 0
        started = over = False

        async def counting_receive() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    over = True
                    raise _TooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if over and not started:
                # The app caught _TooLarge itself (FastAPI turns body errors into 400): the
                # client still hears why, once, as 413.
                started = True
                return await _reject(send, 413, msg)
            if over:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _reject(send, 413, msg)


class RateLimit:
    """At most `per_minute` requests per client address in any sliding minute (429 beyond)."""

    def __init__(self, app: ASGIApp, per_minute: int):
        self.app, self.per_minute = app, per_minute
        self.seen: dict[str, deque] = {}
        self.lock = threading.Lock()
        self.pruned = 0.0

    def allow(self, client: str, now: float) -> bool:
        with self.lock:
            q = self.seen.setdefault(client, deque())
            while q and now - q[0] > 60:
                q.popleft()
            if len(q) >= self.per_minute:
                return False
            q.append(now)
            # Forget idle clients so memory stays flat; at most once a second, so a flood of
            # new addresses does not make every request scan the table.
            if len(self.seen) > 10_000 and now - self.pruned > 1:
                self.pruned = now
                for k in [k for k, v in self.seen.items() if not v or now - v[-1] > 60]:
                    del self.seen[k]
            return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.per_minute <= 0:
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown", 0))[0]
        if not self.allow(client, time.monotonic()):
            return await _reject(send, 429, f"More than {self.per_minute} requests a minute from "
                                 f"{client} (COUNCILKG_RATE_PER_MINUTE); slow down.",
                                 [(b"retry-after", b"60")])
        await self.app(scope, receive, send)


class SecurityHeaders:
    """`X-Content-Type-Options: nosniff` on every response, so a browser never runs a dump or
    a JSON answer as a page (https://fetch.spec.whatwg.org/#x-content-type-options-header),
    and `Access-Control-Allow-Origin: *` where a route set none: the API is public and
    read-only, and browser SPARQL clients (YASGUI) must see errors too, not a CORS failure."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"access-control-allow-origin" for k, _ in headers):
                    headers.append((b"access-control-allow-origin", b"*"))
                message["headers"] = [*headers, (b"x-content-type-options", b"nosniff")]
            await send(message)

        await self.app(scope, receive, with_headers)
