"""A browser as textual-serve's page is one, for the tests that start a real server: `serve`
(tests/tui/test_serve.py) and `serve --exam` (tests/assessment/test_proctored.py).

It fetches the page (keeping the cookie that pairs it with its socket), opens the websocket,
sends keys and reads what the app draws, as a stream of text and as the screen it makes now.
A key that moves the focus is followed by a wait for the app to show the move (the footer,
`footer_without`), never by a fixed sleep: keys that arrive before the focus has moved go to
the old focus, and how long the move takes depends on the machine's load.
"""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import time
from collections.abc import Callable
from typing import Any

ANSI = re.compile(r"\x1b\[[0-9;?<>=$]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
# a cursor move (`ESC [ row ; col H`), any other escape sequence, or text to draw
SCREEN_TOKEN = re.compile(
    r"\x1b\[(\d+);(\d+)H|\x1b\[[0-9;?<>=$]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|([^\x1b\n\r]+)"
)
# bounds for a server under heavy load: reached only when something is broken
START_SECONDS = 120
STEP_SECONDS = 90
POLL_SECONDS = 0.2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(
    port: int, server: subprocess.Popen[bytes], seconds: float = START_SECONDS
) -> None:
    """Until the server accepts connections (it fails at once if the server exits)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"server exited: {server.stderr.read() if server.stderr else ''}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("the server did not start")


class Screen:
    """The terminal as the browser shows it: the app's drawing applied cell by cell (text
    only, no colours), so a test can read what is on screen now, not only what was sent."""

    def __init__(self, width: int, height: int) -> None:
        self.rows = [[" "] * width for _ in range(height)]
        self.row = self.col = 0

    def feed(self, data: str) -> None:
        for match in SCREEN_TOKEN.finditer(data):
            row, col, text = match.groups()
            if row is not None:
                self.row, self.col = int(row) - 1, int(col) - 1
            elif text is not None and 0 <= self.row < len(self.rows):
                line = self.rows[self.row]
                for char in text:
                    if 0 <= self.col < len(line):
                        line[self.col] = char
                    self.col += 1

    def line(self, index: int) -> str:
        return "".join(self.rows[index])

    def __str__(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.rows)


class Browser:
    """One browser: a cookie jar, the page, then the socket."""

    def __init__(self, port: int, width: int = 120, height: int = 40) -> None:
        import aiohttp

        self.port = port
        self.width, self.height = width, height
        self.client = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.received: list[str] = []
        self.screen = Screen(width, height)
        self.ws: Any = None

    async def open(self) -> str:
        """Load the page (returned, as HTML) and open the socket it would open."""
        async with self.client.get(f"http://127.0.0.1:{self.port}/") as response:
            assert response.status == 200
            page = await response.text()
        self.received = []
        self.screen = Screen(self.width, self.height)
        self.ws = await self.client.ws_connect(
            f"http://127.0.0.1:{self.port}/ws?width={self.width}&height={self.height}"
        )
        return page

    def seen(self) -> str:
        """Everything the app has sent, as text."""
        return ANSI.sub("", "".join(self.received))

    async def _receive(self, seconds: float) -> None:
        """Take one message (or none, by the time `seconds` is up)."""
        import aiohttp

        try:
            message = await self.ws.receive(timeout=seconds)
        except TimeoutError:
            return
        if message.type == aiohttp.WSMsgType.TEXT:
            data = message.data
        elif message.type == aiohttp.WSMsgType.BINARY:
            data = message.data.decode("utf-8", "replace")
        elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise AssertionError("the websocket closed")
        else:
            return
        self.received.append(data)
        self.screen.feed(data)

    async def until(
        self, holds: Callable[[], bool], what: str, seconds: float = STEP_SECONDS
    ) -> None:
        """Read until `holds()` is true of what has arrived; `what` names it on failure."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not holds():
            left = deadline - loop.time()
            if left <= 0:
                raise AssertionError(f"{what} never reached the browser; it shows:\n{self.screen}")
            # a short wait: a condition may be on something else than the socket (a file)
            await self._receive(min(left, POLL_SECONDS))

    async def read_until(self, word: str, seconds: float = STEP_SECONDS) -> str:
        await self.until(lambda: word in self.seen(), repr(word), seconds)
        return self.seen()

    async def keys(self, text: str) -> None:
        await self.ws.send_json(["stdin", text])

    def footer(self) -> str:
        return self.screen.line(-1)

    async def footer_without(self, keys: str, word: str) -> None:
        """Wait for the footer (the last line) to show `word`, send keys, then wait until it
        no longer does: a text field that takes the focus hides the screen's one-letter keys."""
        await self.until(lambda: word in self.footer(), f"a footer with {word!r}")
        await self.keys(keys)
        await self.until(lambda: word not in self.footer(), f"a footer without {word!r}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.client.close()
