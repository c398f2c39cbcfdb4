"""`massage-sim serve`: the app in students' browsers through textual-serve.

One app process per browser connection. In practice mode each browser carries a random
token in an HttpOnly cookie, and its process is given the session folder derived from that
token and nothing else: a browser lists, resumes, reviews and deletes only its own sessions.
The process has no file dialog and opens only files of the case library and the folders the
instructor named (`--cases DIR`), minus exam material. The page is served with its font from
this server, so it needs no internet, and it takes keys without a first click.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import secrets
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("textual-serve")

PAGE_DIR = Path(__file__).with_name("page")  # the page template: local font, keys at once
COOKIE = "massage_sim_browser"
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
COOKIE_DAYS = 180
# Each browser is one app process (about 50 MB and 3 % of a core when acting every few
# seconds: tests/benchmarks/bench_serve.py). The caps keep one browser, or a crowd, from
# starving the room; a browser over a cap gets "503" and the page's Restart button.
MAX_BROWSERS = 40
TABS_PER_BROWSER = 3


def new_token() -> str:
    """A browser's token: 192 random bits, URL-safe, 32 characters."""
    return secrets.token_urlsafe(24)


def store_for(data_root: Path, token: str) -> Path:
    """The session folder of the browser holding `token`: named by a hash, so that neither a
    folder listing nor a process list gives a token away."""
    digest = hashlib.sha256(f"massage-sim browser {token}".encode()).hexdigest()[:32]
    return data_root / "browsers" / digest


def practice_command(store: Path, library: Path | None, folders: Sequence[Path]) -> str:
    """The shell command that runs one browser's app (simulator/tui/served.py)."""
    words = [sys.executable, "-m", "simulator.tui.served", "--store", str(store)]
    if library is not None:
        words += ["--library", str(library)]
    for folder in folders:
        words += ["--cases", str(folder)]
    return " ".join(shlex.quote(word) for word in words)


class PracticeServer(Server):
    """textual-serve's server, with one session folder per browser token."""

    def __init__(
        self,
        *,
        data_root: Path,
        library: Path | None,
        folders: Sequence[Path],
        host: str,
        port: int,
        public_url: str | None = None,
        max_browsers: int = MAX_BROWSERS,
    ) -> None:
        super().__init__(
            "massage-sim",
            host=host,
            port=port,
            title="massage-sim",
            public_url=public_url,
            templates_path=PAGE_DIR,
        )
        self.data_root = data_root
        self.library = library
        self.folders = tuple(folders)
        self.max_browsers = max_browsers
        self.running: dict[str, int] = {}  # app processes by token

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page; a browser without a valid token gets a new one in a cookie."""
        response: web.StreamResponse = await super().handle_index(request)
        if not TOKEN.fullmatch(request.cookies.get(COOKIE, "")):
            response.set_cookie(
                COOKIE,
                new_token(),
                max_age=COOKIE_DAYS * 24 * 3600,
                path="/",
                httponly=True,
                samesite="Strict",
                secure=self.public_url.startswith("https:"),
            )
        return response

    def same_origin(self, request: web.Request) -> bool:
        """A page of another site must not open a socket with this browser's cookie."""
        origin = request.headers.get("Origin")
        if origin is None:  # not a browser: it has no student's cookie to borrow
            return True
        public = urlsplit(self.public_url)
        return origin in (
            f"{request.scheme}://{request.host}",
            f"{public.scheme}://{public.netloc}",
        )

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's websocket handler, running this browser's own app process."""
        token = request.cookies.get(COOKIE, "")
        if not TOKEN.fullmatch(token) or not self.same_origin(request):
            raise web.HTTPForbidden(text="open the page first: it gives this browser its token")
        if sum(self.running.values()) >= self.max_browsers:
            raise web.HTTPServiceUnavailable(text="the class is full: try again in a minute")
        if self.running.get(token, 0) >= TABS_PER_BROWSER:
            raise web.HTTPServiceUnavailable(text="close one of this browser's other tabs")
        self.running[token] = self.running.get(token, 0) + 1
        try:
            return await self._run_app(request, token)
        finally:
            self.running[token] -= 1
            if not self.running[token]:
                del self.running[token]

    async def _run_app(self, request: web.Request, token: str) -> web.WebSocketResponse:
        command = practice_command(store_for(self.data_root, token), self.library, self.folders)
        return await run_app(self, request, command)


async def run_app(server: Server, request: web.Request, command: str) -> web.WebSocketResponse:
    """One browser window: start `command` as an app process and relay it over the
    websocket until either side closes (practice and proctored serving share this)."""
    websocket = web.WebSocketResponse(heartbeat=15)
    width = to_int(request.query.get("width", "80"), 80)
    height = to_int(request.query.get("height", "24"), 24)
    app_service: AppService | None = None

    async def close() -> None:
        await websocket.close()

    try:
        await websocket.prepare(request)
        app_service = AppService(
            command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=server.download_manager,
            debug=server.debug,
        )
        await app_service.start(width, height)
        try:
            await server._process_messages(websocket, app_service)
        finally:
            await app_service.stop()
    except asyncio.CancelledError:
        await websocket.close()
    except Exception as error:  # one browser's failure must not stop the others
        log.exception(error)
    finally:
        if app_service is not None:
            await app_service.stop()
    return websocket
