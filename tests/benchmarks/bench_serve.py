"""Practice serving under a class: N simulated browsers over the websocket, on 127.0.0.1.

Run: python tests/benchmarks/bench_serve.py [--browsers 1,4,8] [--seconds 40] [--every 3]

Starts `massage-sim serve` on a free port of 127.0.0.1 (never another address) with a
temporary data folder, then for each class size N in `--browsers`: N browsers open the page
(each its own cookie jar, so its own token and session folder), connect the websocket as
textual-serve's page does, start a random client, begin the session, and ask a question
every `--every` seconds (jittered ±50 %) for `--seconds` once all N are in a session.
Bounded: at most 24 browsers, at most 120 s of acting a level (plus up to 4 minutes to
arrive), and a level stops early once p95 passes 5 s.

Reported per level:
- action latency: from sending the action line to the first screen update that shows the
  question, as the browser receives it (median and p95), and its ratio to the floor: the
  same p95 with one browser alone, measured first in the same run;
- memory per browser: the proportional set size (PSS, shared pages split) of the app
  processes the server runs, divided by N, and the server's own;
- CPU per browser: the app processes' CPU seconds per wall second, divided by N, and the
  server's (it relays every screen update), divided by N;
- the machine's load average as the level starts: on a shared machine the latencies say as
  much about the neighbours as about the app.
Then the class size: the largest N whose p95 stayed under 0.5 s, and what the machine's
available memory and cores would hold at the measured cost per browser (70 % of the CPU).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;?<>=$]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
# Questions whose words in the transcript are short enough never to wrap.
QUESTIONS = {
    "onset": "how and when it started",
    "location": "where exactly it is",
    "quality": "what it feels like",
    "aggravating": "what makes it worse",
    "easing": "what eases it",
    "goals": "what they want from today",
    "night_pain": "pain at night",
    "history_injury": "past injuries",
}
MAX_BROWSERS = 24
MAX_SECONDS = 120
GIVE_UP_P95 = 5.0
TARGET_P95 = 0.5
CPU_SHARE = 0.7
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Level:
    browsers: int
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    pss_mb: float = 0.0
    server_mb: float = 0.0
    cpu: float = 0.0  # app processes' CPU seconds per wall second, per browser
    server_cpu: float = 0.0  # the server's (relaying every screen update), per browser
    load: float = 0.0  # the machine's 1-minute load average as the level starts

    def p95(self) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=20)[-1]


class Browser:
    def __init__(self, port: int) -> None:
        self.port = port
        self.client = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.ws: Any = None
        self.received: list[str] = []

    async def open(self) -> None:
        async with self.client.get(f"http://127.0.0.1:{self.port}/") as response:
            response.raise_for_status()
        self.ws = await self.client.ws_connect(
            f"http://127.0.0.1:{self.port}/ws?width=120&height=40"
        )

    async def until(self, word: str, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while word not in ANSI.sub("", "".join(self.received)):
            left = deadline - loop.time()
            if left <= 0:
                raise TimeoutError(word)
            message = await self.ws.receive(timeout=left)
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received.append(message.data.decode("utf-8", "replace"))
            elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                raise ConnectionError("the websocket closed")

    async def keys(self, text: str) -> None:
        self.received = []
        await self.ws.send_json(["stdin", text])

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.client.close()


async def arrive(port: int, delay: float) -> Browser:
    """One browser arrives: opens the page, starts a random client, begins the session."""
    await asyncio.sleep(delay)
    browser = Browser(port)
    try:
        await browser.open()
        await browser.until("Random client", 120)
        await browser.keys("n")
        await browser.until("Begin session", 60)
        await browser.keys("\r")
        await browser.until("Session with", 60)
        await asyncio.sleep(2)  # the screen settles before a person reaches for a key
        await browser.keys("/")  # the action line keeps the focus after each action
        await asyncio.sleep(0.5)
    except BaseException:
        await browser.close()
        raise
    return browser


async def act(browser: Browser, level: Level, stop: float) -> None:
    """A question every few seconds until `stop`, each timed until the browser shows it."""
    questions = list(QUESTIONS.items())
    random.shuffle(questions)
    number = 0
    try:
        while True:
            await asyncio.sleep(ARGS.every * random.uniform(0.5, 1.5))
            if time.monotonic() >= stop or level.p95() > GIVE_UP_P95:
                break
            question, words = questions[number % len(questions)]
            number += 1
            await browser.keys(f"ask {question}\r")
            started = time.monotonic()
            try:
                await browser.until(words, 30)
            except TimeoutError:
                level.failures += 1
                continue
            level.latencies.append(time.monotonic() - started)
    except (ConnectionError, aiohttp.ClientError) as error:
        print(f"  a browser failed: {error!r}", flush=True)
        level.failures += 1
    finally:
        await browser.close()


def descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found += children
        frontier += children
    return found


def pss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else 0.0


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def app_processes(server: int) -> list[int]:
    apps = []
    for pid in descendants(server):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"simulator.tui.served" in command and not command.startswith(b"/bin/sh"):
            apps.append(pid)
    return apps


async def sample(server: int, level: Level, until: asyncio.Event) -> None:
    """Once a second while the browsers act: each app process's PSS and CPU time, kept per
    process so that one which has already exited still counts with its last reading."""
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    pss: dict[int, float] = {}
    started = time.monotonic()
    server_first = cpu_seconds(server)
    while not until.is_set():
        for pid in app_processes(server):
            seconds = cpu_seconds(pid)
            first.setdefault(pid, seconds)
            last[pid] = max(last.get(pid, 0.0), seconds)
            pss[pid] = max(pss.get(pid, 0.0), pss_mb(pid))
        level.server_mb = max(level.server_mb, pss_mb(server))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(until.wait(), 1)
    if pss:
        wall = max(time.monotonic() - started, 1e-9)
        level.pss_mb = sum(pss.values()) / len(pss)
        used = sum(last[pid] - first[pid] for pid in first)
        level.cpu = used / wall / len(pss)
        level.server_cpu = (cpu_seconds(server) - server_first) / wall / len(pss)


async def run_level(port: int, server: int, browsers: int) -> Level:
    """N browsers arrive (half a second apart, as a class does); once all are in a session,
    they act for the level's seconds while memory and CPU are sampled."""
    level = Level(browsers, load=os.getloadavg()[0])
    arrivals = [arrive(port, delay=number * 0.5) for number in range(browsers)]
    ready: list[Browser] = []
    for outcome in await asyncio.gather(*arrivals, return_exceptions=True):
        if isinstance(outcome, Browser):
            ready.append(outcome)
        else:
            print(f"  a browser did not arrive: {outcome!r}", flush=True)
            level.failures += 1
    done = asyncio.Event()
    sampler = asyncio.create_task(sample(server, level, done))
    stop = time.monotonic() + min(ARGS.seconds, MAX_SECONDS)
    await asyncio.gather(*(act(browser, level, stop) for browser in ready))
    done.set()
    await sampler
    return level


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def mem_available_mb() -> float:
    match = re.search(r"^MemAvailable:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return int(match.group(1)) / 1024 if match else float("nan")


def main() -> int:
    sizes = sorted({min(int(n), MAX_BROWSERS) for n in ARGS.browsers.split(",")} | {1})
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        command = ["serve", "--host", "127.0.0.1", "--port", str(port)]
        server = subprocess.Popen(
            [sys.executable, "-m", "simulator", *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env={**os.environ, "MASSAGE_SIM_DATA_DIR": data, "PYTHONPATH": str(ROOT)},
        )
        try:
            wait_for(port, server)
            levels = []
            for size in sizes:
                level = asyncio.run(run_level(port, server.pid, size))
                levels.append(level)
                report(level, levels[0])
                if level.p95() > GIVE_UP_P95:
                    print("  (stopping: p95 over 5 s)")
                    break
        finally:
            server.terminate()
            server.wait(timeout=30)
    summary(levels)
    return 0


def report(level: Level, floor: Level) -> None:
    latencies = level.latencies
    median = statistics.median(latencies) if latencies else float("nan")
    ratio = level.p95() / floor.p95() if floor.latencies else float("nan")
    print(
        f"{level.browsers:>3} browser(s): {len(latencies):>4} actions, {level.failures} failed; "
        f"latency median {median * 1000:6.0f} ms, p95 {level.p95() * 1000:6.0f} ms "
        f"({ratio:4.1f}x the one-browser floor); {level.pss_mb:5.1f} MB PSS per browser "
        f"(server {level.server_mb:.0f} MB); CPU {level.cpu * 100:4.1f} % of a core per browser "
        f"+ {level.server_cpu * 100:.1f} % in the server; load average {level.load:.1f}",
        flush=True,
    )


def summary(levels: list[Level]) -> None:
    held = [level.browsers for level in levels if level.p95() <= TARGET_P95 and not level.failures]
    measured = max(held) if held else 0
    busiest = levels[-1]
    per_browser_mb = max(level.pss_mb for level in levels)
    cpu = max(level.cpu + level.server_cpu for level in levels)
    cores = os.cpu_count() or 1
    by_memory = int(mem_available_mb() * 0.8 / per_browser_mb) if per_browser_mb else 0
    by_cpu = int(cores * CPU_SHARE / cpu) if cpu else 0
    print(
        f"class size: {measured} browser(s) held with p95 <= {TARGET_P95 * 1000:.0f} ms as "
        f"measured (largest tried {busiest.browsers}); at {per_browser_mb:.0f} MB and "
        f"{cpu * 100:.1f} % of a core per browser acting every {ARGS.every:g} s, this "
        f"{cores}-core machine would hold about {min(by_memory, by_cpu)} "
        f"(memory: {by_memory}, CPU at {CPU_SHARE:.0%}: {by_cpu}); the latencies are as "
        f"measured beside the load average shown, the estimate assumes the machine to itself"
    )


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--browsers", default="1,4,8", help="class sizes to try, comma-separated")
    parser.add_argument("--seconds", type=float, default=40, help="length of each level")
    parser.add_argument("--every", type=float, default=3, help="seconds between actions")
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse()
    sys.exit(main())
