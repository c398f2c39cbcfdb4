"""The server of a proctored exam: textual-serve's, with a cap on app processes.

Each browser tab costs a full app process (~60 MB) from the moment its page connects, before
anyone signs in. So the server starts no more than one process per student on the roster
(plus a little slack for reloads), and no more than a few per address, and it refuses the
rest with a plain message; the address also goes to the app, which counts failed sign-ins
per student id and per address across tabs (simulator/assessment/access.py).
"""

from __future__ import annotations

import logging
import shlex
from collections import Counter
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.server import Server

from simulator.tui.launch import PER_ADDRESS
from simulator.tui.serve import run_app

log = logging.getLogger("textual-serve")

SLACK = 5  # total processes beyond one per student: reloads being cleaned up


def total_cap(students: int) -> int:
    return students + max(SLACK, students // 10)


class ProctoredServer(Server):
    """textual-serve's server for `serve --exam`: app processes capped per address and in
    all, and each app told its browser's address."""

    def __init__(
        self,
        command: str,
        *,
        students: int,
        per_address: int = PER_ADDRESS,
        **options: Any,
    ) -> None:
        super().__init__(command, title=options.pop("title", "massage-sim exam"), **options)
        self.cap = total_cap(students)
        self.per_address = per_address  # 0: no cap per address (behind a proxy, all share one)
        self.running: Counter[str] = Counter()

    def refusal(self, address: str) -> str | None:
        """Why a new app process is refused for `address` now (one line), or None."""
        if sum(self.running.values()) >= self.cap:
            return (
                f"The exam server is full ({self.cap} windows open): close unused exam tabs, "
                "or ask the proctor."
            )
        if self.per_address and self.running[address] >= self.per_address:
            return (
                f"Too many exam windows open from this computer ({self.per_address}): close "
                "one and reload this page."
            )
        return None

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        reason = self.refusal(request.remote or "")
        if reason is not None:
            return web.Response(status=429, text=reason + "\n")
        response: web.StreamResponse = await super().handle_index(request)
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, refusing past the caps and naming the address."""
        address = request.remote or ""
        reason = self.refusal(address)
        if reason is not None:
            log.warning("refused a window from %s: %s", address, reason)
            raise web.HTTPTooManyRequests(text=reason + "\n")
        self.running[address] += 1
        try:
            return await self._serve_app(request, address)
        finally:
            self.running[address] -= 1
            if self.running[address] <= 0:
                del self.running[address]

    async def _serve_app(self, request: web.Request, address: str) -> web.WebSocketResponse:
        command = f"{self.command} --address {shlex.quote(address or 'unknown')}"
        return await run_app(self, request, command)


def proctored_server(
    command: str,
    students: int,
    host: str,
    port: int,
    public_url: str | None,
    templates: Path | None = None,
    per_address: int = PER_ADDRESS,
) -> ProctoredServer:
    options: dict[str, Any] = {"public_url": public_url} if public_url else {}
    if templates is not None:
        options["templates_path"] = templates
    return ProctoredServer(
        command, students=students, per_address=per_address, host=host, port=port, **options
    )
