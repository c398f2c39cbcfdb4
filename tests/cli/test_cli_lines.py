"""The line-by-line session as a user meets it (echo, case, did-you-mean), the summary of
`run` over a folder, and evaluate's table: through the real entry point."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from simulator.domain.ids import Source

from .conftest import REPO, ROUTINE


def test_piped_play_echoes_each_action_after_its_prompt(cli, workdir, one_case) -> None:
    script = "ask onset\n\n# a note\ntest slr\nend\n"
    result = cli("play", "--case", one_case.relative_to(workdir), stdin=script)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "[60 min] > ask onset" in lines
    echoed = [line for line in lines if re.match(r"\[\d+ min\] > ", line)]
    assert [line.split("> ", 1)[1] for line in echoed] == ["ask onset", "test slr", "end"]
    # each echo is followed by the client's answer, indented
    answer = lines[lines.index("[60 min] > ask onset") + 1]
    assert answer.startswith("  ") and answer.strip()


def test_piped_play_takes_words_in_any_case(cli, workdir, one_case) -> None:
    lower = cli("play", "--case", one_case.relative_to(workdir), stdin="ask onset\ntest slr\n")
    upper = cli("play", "--case", one_case.relative_to(workdir), stdin="ASK Onset\nTest SLR\n")
    assert upper.code == 0, upper.err
    assert "unknown" not in upper.out
    assert upper.out == lower.out  # the echo shows the words as they were understood


def test_piped_play_suggests_the_line_meant(cli, workdir, one_case) -> None:
    script = "ask onst\ntreat fric deep_rotator 3 4\npalpate banana\nend\n"
    result = cli("play", "--case", one_case.relative_to(workdir), stdin=script)
    assert result.code == 0, result.err
    out = result.out
    assert "unknown question 'onst'" in out
    assert "  did you mean: ask onset" in out
    assert "  did you mean: treat friction deep_rotators 3 4" in out
    assert "unknown region 'banana'" in out
    assert out.count("did you mean") == 2  # nothing close to banana: no guess


def test_exam_take_echoes_and_suggests_like_play(tmp_path: Path) -> None:
    import io
    from contextlib import redirect_stdout

    from simulator.cli import main as cli_main
    from simulator.cli.exam import take

    example = REPO / "examples" / "exam"
    build = ["exam", "build", example / "exam.yaml", "--roster", example / "roster.csv"]
    assert cli_main([str(a) for a in [*build, "--out", tmp_path]]) == 0
    pack = sorted(tmp_path.glob("*.pack"))[0]
    out = io.StringIO()
    with redirect_stdout(out):
        take(pack, None, io.StringIO("ASK onset\nask onst\n"), interactive=False)
    text = out.getvalue()
    assert re.search(r"^\[\d+ min\] > ask onset$", text, flags=re.M), text
    assert "did you mean: ask onset" in text
    assert "Paused:" in text


def test_run_over_a_folder_ends_with_a_summary_on_stderr(cli, workdir, generated) -> None:
    result = cli("run", "--case", "d", "--actions", ROUTINE, "--json")
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]  # stdout stays JSON Lines
    totals = [row["score"]["total"] for row in rows]
    passed = sum(row["score"]["passed"] for row in rows)
    first = result.err.strip().splitlines()[0]
    assert first == (
        f"{len(rows)} case(s): pass rate {passed / len(rows):.0%} ({passed}/{len(rows)}), "
        f"mean score {sum(totals) / len(totals):.1f}"
    )
    by_source: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        by_source[row["hidden"]["source"]].append(row["score"]["total"])
    for source, scores in by_source.items():
        line = next(x for x in result.err.splitlines() if x.split()[:1] == [source])
        assert line.split()[1] == str(len(scores))
        assert line.split()[-1] == f"{sum(scores) / len(scores):.1f}"


def test_run_on_one_file_prints_no_summary(cli, workdir, one_case) -> None:
    result = cli("run", "--case", one_case.relative_to(workdir), "--actions", ROUTINE, "--json")
    assert result.code == 0
    assert "pass rate" not in result.err


def test_evaluate_shows_every_column_title_in_full(cli_main) -> None:
    result = cli_main("evaluate", "--count", 6, "--seed", 1)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("agent"))
    top, bottom = lines[header - 1], lines[header]
    for source in [s.value for s in Source]:
        head, _, tail = source.rpartition("_")
        # the title's halves end in the same column, one above the other
        end = bottom.index(f" {tail}") + len(tail) + 1
        assert top[end - len(head) : end] == head, (source, top, bottom)
