"""Serve the demo blog on 127.0.0.1 with the standard library's threaded HTTP server.

Example:
    >>> import httpx
    >>> with DemoServer() as server:
    ...     httpx.get(server.url + "robots.txt").status_code
    200
"""

from __future__ import annotations

import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

from backlint.demo.site import Response, respond


class _Handler(BaseHTTPRequestHandler):
    """Answer GET and HEAD from :func:`backlint.demo.site.respond`; refuse other methods.

    The ``Host`` header picks the site: one of the pings' source sites, else the blog.
    """

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle's algorithm and
    # delayed ACKs hold every keep-alive response back by ~40 ms.
    disable_nagle_algorithm = True
    server: _DemoHTTPServer

    def version_string(self) -> str:
        return "Apache"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server dispatches to)
        self._send(respond(self.headers.get("Host"), self.path, self.server.base_url), with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(respond(self.headers.get("Host"), self.path, self.server.base_url), with_body=False)

    def do_POST(self) -> None:  # noqa: N802
        # The demo is read-only: comment, trackback and XML-RPC posts are refused.
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(min(length, 1_000_000))
        self._send(Response(405, (("Content-Type", "text/plain; charset=utf-8"), ("Allow", "GET, HEAD")),
                            b"This demo site is read-only."), with_body=True)

    def _send(self, response: Response, *, with_body: bool) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (signature of the base class)
        """Stay quiet: a crawl of the demo would otherwise print every request."""


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        # A client that hangs up mid-request is routine, not worth a traceback.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)
    base_url = ""


class DemoServer:
    """The demo blog served on a local port, in a background thread or the foreground.

    Example:
        >>> server = DemoServer(port=0).start()
        >>> server.url.startswith("http://127.0.0.1:")
        True
        >>> server.stop()

    Args:
        host: the address to listen on; loopback by default.
        port: the port; 0 picks a free one (read it back from :attr:`url`).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._httpd = _DemoHTTPServer((host, port), _Handler)
        # An AF_INET server address is a (host, port) pair of str and int; the stubs
        # allow bytes for other address families.
        bound_host, bound_port = cast("tuple[str, int]", self._httpd.server_address[:2])
        self.url = f"http://{bound_host}:{bound_port}/"
        self._httpd.base_url = self.url
        self._thread: threading.Thread | None = None

    def start(self) -> DemoServer:
        """Serve in a daemon thread and return at once."""
        if self._thread is None:
            # A short poll interval makes stop() return quickly.
            self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                            name="demo-site", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (Ctrl-C), then free the port."""
        try:
            self._httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
