"""Starting the app: `run_app` for `massage-sim` and `massage-sim play`, and `serve`, which
puts the same app in a browser (the server itself: simulator/tui/serve.py; the `serve`
command: simulator/cli/serve.py)."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.domain.case import Case

SERVE_INSTALL = "pip install textual-serve"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PER_ADDRESS = 3  # proctored exam: a student's tab, a reload, one spare


def run_app(
    case: Case | None = None, seed: int = 0, *, reveal: bool = False, visits: int | None = None
) -> int:
    """Run the TUI: the home screen, or the briefing of `case` (session seed `seed`).

    `reveal` shows the hidden state beside the session (an instructor play-testing a
    case); students never need it. `visits` makes every start a course of that many visits
    (`play --visits N`). Returns the exit code.
    """
    from simulator.tui.app import MassageSimApp

    app = MassageSimApp(case, seed, reveal=reveal, visits=visits)
    app.run()
    return app.return_code or 0


def exam_command(packs: Path) -> str:
    """The shell command textual-serve runs for each browser session of a proctored exam."""
    return f"{shlex.quote(sys.executable)} -m simulator.tui.exam_app {shlex.quote(str(packs))}"


def check_packs(packs: Path) -> str | None:
    """Why PACKS cannot be served (one line), or None: the access file must list students
    whose packs are all there."""
    from simulator.assessment.access import ACCESS_FILE, AccessError, read_access

    if not packs.is_dir():
        return f"{packs}: no such folder of exam packs"
    try:
        students = read_access(packs / ACCESS_FILE)
    except AccessError as error:
        return str(error)
    missing = [s for s in students if not (packs / f"{s}.pack").is_file()]
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        return f"{packs / ACCESS_FILE}: no pack for {len(missing)} student(s): {shown}"
    return None


def check_case_folders(folders: Sequence[Path]) -> str | None:
    """Why the instructor's case folders cannot be served (one line), or None."""
    for folder in folders:
        if not folder.is_dir():
            return f"{folder}: no such folder of cases"
    return None


def check_address(host: str, port: int) -> str | None:
    """Why the server cannot listen on HOST:PORT (one line), or None: tried before the
    server starts, so a busy port or an unknown host is a plain message, not a traceback."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        return f"cannot serve on {host}:{port}: unknown host ({error})"
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind(address)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            return f"cannot serve on {host}:{port}: {reason.lower()}"
    return None


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    exam: Path | None = None,
    public_url: str | None = None,
    cases: Sequence[Path] = (),
    max_browsers: int | None = None,
    per_address: int = 3,
) -> int:
    """Serve the app (or, with `exam`, the proctored exam of that folder of packs) on
    http://HOST:PORT; practice cases come from the library and the `cases` folders. Exit
    code 1 when textual-serve is missing or the packs or folders are unusable."""
    try:
        import textual_serve.server  # noqa: F401  # only to say what is missing

        from simulator.tui import serve as serving
    except ImportError:
        print(
            f"massage-sim serve needs textual-serve: {SERVE_INSTALL}",
            file=sys.stderr,
        )
        return 1
    if exam is not None and cases:
        print(
            "massage-sim: --cases is for practice; an exam's cases come from its packs",
            file=sys.stderr,
        )
        return 1
    if exam is not None:
        problem = check_packs(exam) or check_address(host, port)
        if per_address < 0:
            problem = f"--per-address: {per_address} is not a number of windows (0 or more)"
        if problem:
            print(f"massage-sim: {problem}", file=sys.stderr)
            return 1
        from simulator.assessment.access import ACCESS_FILE, read_access
        from simulator.tui.proctor import proctored_server

        students = len(read_access(exam / ACCESS_FILE))  # check_packs has read it once
        command = exam_command(exam.resolve())
        print(
            f"Proctored exam from {exam}: journals are written beside the packs; grade with "
            f"`massage-sim exam grade EXAM {exam} --out results/`.",
            file=sys.stderr,
        )
        pages = serving.PAGE_DIR
        proctored_server(command, students, host, port, public_url, pages, per_address).serve()
        return 0
    problem = check_case_folders(cases)
    if max_browsers is not None and max_browsers < 1:
        problem = f"--max-browsers: {max_browsers} is not a number of browsers (at least 1)"
    problem = problem or check_address(host, port)
    if problem:
        print(f"massage-sim: {problem}", file=sys.stderr)
        return 1
    from simulator.tui.cases import find_cases_dir, shelf_files
    from simulator.tui.store import data_dir

    library = find_cases_dir()
    library = library.resolve() if library is not None else None
    folders = [folder.resolve() for folder in cases]
    offered = len(shelf_files(library, folders))
    data_root = data_dir() / "served"
    print(
        f"Practice: {offered} case file(s) from {library or 'no library'}"
        + "".join(f", {folder}" for folder in folders)
        + f" (exam material left out); each browser's sessions under {data_root}.",
        file=sys.stderr,
    )
    server: Any = serving.PracticeServer(
        data_root=data_root,
        library=library,
        folders=folders,
        host=host,
        port=port,
        public_url=public_url,
        max_browsers=max_browsers or serving.MAX_BROWSERS,
    )
    server.serve()
    return 0
