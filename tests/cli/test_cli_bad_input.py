"""Bad input of any kind: a one-line message per problem, a non-zero exit, never a traceback.

Most cases call `simulator.cli.main` in-process (the real parser and handlers); a few go
through a real process to show what a user sees.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.domain.actions import ARGUMENTS
from simulator.domain.actions import CHOICES as _CHOICES

from .conftest import BLUEPRINTS, ROUTINE

VALID_KINDS = list(ARGUMENTS)
ALL_IDS = sorted({v for values in _CHOICES.values() for v in values})


def _only_problem_lines(err: str) -> list[str]:
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "a problem must be reported"
    for line in lines:
        assert line.startswith("massage-sim: "), line
        assert "internal error" not in line, line
    return lines


@pytest.fixture
def scripts(tmp_path: Path):
    """Write an action script into tmp_path and return its path."""

    def write(text: str, name: str = "actions.txt") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# action scripts ---------------------------------------------------------------------------------


def test_unknown_question_names_file_line_and_lists_valid_ids(cli_main, one_case, scripts):
    script = scripts("# history\n\nask onset\nask banana\nend\n")
    result = cli_main("run", "--case", one_case, "--actions", script, "--json")
    assert result.code == 1
    assert result.out == ""
    (line,) = _only_problem_lines(result.err)
    assert f"{script}:4: question:" in line
    assert "'banana'" in line
    valid = line.split("valid:", 1)[1]
    assert [v.strip() for v in valid.split(",")] == _CHOICES["question"]


def test_unknown_action_kind_lists_the_valid_actions(cli_main, one_case, scripts):
    script = scripts("ask onset\nmassage glutes\n")
    result = cli_main("run", "--case", one_case, "--actions", script)
    assert result.code == 1
    (line,) = _only_problem_lines(result.err)
    assert f"{script}:2:" in line and "'massage'" in line
    assert all(kind in line for kind in VALID_KINDS)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("palpate piriformis", "region"),
        ("test lasegue", "test"),
        ("reassess lasegue", "test"),
        ("observe posture", "what"),
        ("treat rolfing glute_max 3 4", "technique"),
        ("educate diet", "topic"),
        ("refer physio", "reason"),
    ],
)
def test_every_unknown_id_lists_the_valid_ones(cli_main, one_case, scripts, line, field):
    script = scripts(f"ask onset\n{line}\n")
    result = cli_main("run", "--case", one_case, "--actions", script)
    assert result.code == 1
    (message,) = _only_problem_lines(result.err)
    assert f"{script}:2: {field}:" in message
    assert ", ".join(_CHOICES[field]) in message


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("treat friction glute_max 7 4", "pressure"),
        ("treat friction glute_max 0 4", "pressure"),
        ("treat friction glute_max -1 4", "pressure"),
        ("treat friction glute_max deep 4", "pressure"),
        ("treat friction glute_max 3.5 4", "pressure"),
        ("treat friction glute_max 3 0", "minutes"),
        ("treat friction glute_max 3 21", "minutes"),
    ],
)
def test_out_of_range_numbers_name_the_field_and_range(cli_main, one_case, scripts, line, field):
    script = scripts(f"ask onset\n\n{line}\n")
    result = cli_main("run", "--case", one_case, "--actions", script, "--json")
    assert result.code == 1
    (message,) = _only_problem_lines(result.err)
    assert f"{script}:3: {field}:" in message
    assert ("1-5" if field == "pressure" else "1-20") in message


def test_a_superscript_digit_as_pressure_is_a_message_not_an_internal_error(
    cli_main, one_case, scripts
):
    """`str.isdigit` is true for '²' but `int('²')` raises: today this exits 70."""
    script = scripts("treat friction glute_max ² 4\n")
    result = cli_main("run", "--case", one_case, "--actions", script)
    assert result.code == 1, result.err
    (message,) = _only_problem_lines(result.err)
    assert f"{script}:1: pressure:" in message


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("ask", "question"),
        ("treat friction glute_max", "pressure"),
        ("treat", "technique"),
        ("ask onset pain_rating", "kind"),
        ("end now", "kind"),
    ],
)
def test_wrong_argument_count_shows_the_usage(cli_main, one_case, scripts, line, field):
    script = scripts(line + "\n")
    result = cli_main("run", "--case", one_case, "--actions", script)
    assert result.code == 1
    (message,) = _only_problem_lines(result.err)
    assert f"{script}:1: {field}:" in message
    assert "usage:" in message


def test_every_bad_line_is_reported_on_its_own_line(cli_main, one_case, scripts):
    script = scripts(
        "ask onset\nask banana\n# fine\ntreat friction glute_max 7 4\ntest\nend\nfly away\n"
    )
    result = cli_main("run", "--case", one_case, "--actions", script)
    assert result.code == 1
    lines = _only_problem_lines(result.err)
    assert [re.match(rf"massage-sim: {re.escape(str(script))}:(\d+):", m)[1] for m in lines] == [
        "2",
        "4",
        "5",
        "7",
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('[{"kind": "ask", "question": "onset"},', id="truncated-list"),
        pytest.param('{"kind": "ask", "question": "onset"}\n{"kind": "ask"', id="truncated-line"),
        pytest.param('[{"kind": "ask", "question": "banana"}]', id="unknown-id"),
        pytest.param('[{"kind": "check_in", "region": "calf"}]', id="extra-field"),
        pytest.param(
            '[{"kind": "treat", "technique": "friction", "region": "calf",'
            ' "pressure": 9, "minutes": 3}]',
            id="pressure-9",
        ),
        pytest.param('[1, "ask onset"]', id="not-objects"),
        pytest.param('{"kind": "ask", "question": "onset"}\n[1]\n', id="jsonl-with-a-list"),
    ],
)
def test_bad_json_scripts_name_file_and_line(cli_main, one_case, scripts, text):
    script = scripts(text, "actions.json")
    result = cli_main("run", "--case", one_case, "--actions", script, "--json")
    assert result.code == 1, result.err
    assert result.out == ""
    for line in _only_problem_lines(result.err):
        assert re.match(rf"massage-sim: {re.escape(str(script))}:\d+:", line), line


@pytest.mark.parametrize(
    "action",
    [
        pytest.param({"kind": ["ask"], "question": "onset"}, id="kind-is-a-list"),
        pytest.param({"kind": {"ask": 1}}, id="kind-is-an-object"),
    ],
)
def test_an_unhashable_kind_is_a_message_not_an_internal_error(cli_main, one_case, scripts, action):
    """`kind not in ARGUMENTS` raises TypeError for a list or object: today this exits 70."""
    script = scripts(json.dumps([{"kind": "ask", "question": "onset"}, action]), "actions.json")
    result = cli_main("run", "--case", one_case, "--actions", script)
    assert result.code == 1, result.err
    (message,) = _only_problem_lines(result.err)
    assert f"{script}:1: [1].kind:" in message  # one line of JSON: the entry is named


def test_a_boolean_is_not_a_pressure(cli_main, one_case, scripts):
    """`"pressure": true` is silently read as pressure 1 (pydantic's lax int)."""
    action = {
        "kind": "treat",
        "technique": "friction",
        "region": "calf",
        "pressure": True,
        "minutes": 3,
    }
    script = scripts(json.dumps([action]), "actions.json")
    result = cli_main("run", "--case", one_case, "--actions", script)
    assert result.code == 1, result.out[-300:]
    (message,) = _only_problem_lines(result.err)
    assert f"{script}:1: [0].pressure:" in message


@pytest.mark.parametrize(
    "text", [pytest.param("", id="empty"), pytest.param("# nothing\n\n", id="comments-only")]
)
def test_an_empty_action_script_is_an_error(cli_main, one_case, scripts, text):
    """A script with no action at all is almost surely a mistake (wrong file, failed redirect).

    Fails today: `run` plays just the added `end` and exits 0.
    """
    script = scripts(text)
    result = cli_main("run", "--case", one_case, "--actions", script, "--json")
    assert result.code != 0, "an empty script must not be scored"
    (message,) = _only_problem_lines(result.err)
    assert str(script) in message


def test_an_empty_json_list_script_is_an_error(cli_main, one_case, scripts):
    script = scripts("[]", "actions.json")
    result = cli_main("run", "--case", one_case, "--actions", script, "--json")
    assert result.code != 0
    (message,) = _only_problem_lines(result.err)
    assert str(script) in message


def test_a_missing_action_script(cli_main, one_case, tmp_path):
    missing = tmp_path / "nope.txt"
    result = cli_main("run", "--case", one_case, "--actions", missing)
    assert result.code == 1
    (message,) = _only_problem_lines(result.err)
    assert f"{missing}: no such file" in message


def test_an_action_script_that_is_a_folder_or_binary(cli_main, one_case, tmp_path):
    result = cli_main("run", "--case", one_case, "--actions", tmp_path)
    assert result.code == 1
    (message,) = _only_problem_lines(result.err)
    assert str(tmp_path) in message
    binary = tmp_path / "actions.bin"
    binary.write_bytes(b"\xff\xfe\x00ask onset\n")
    result = cli_main("run", "--case", one_case, "--actions", binary)
    assert result.code == 1
    (message,) = _only_problem_lines(result.err)
    assert str(binary) in message


# command lines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["run", "--case", "x.yaml"], id="run-without-actions"),
        pytest.param(["generate"], id="generate-without-count"),
        pytest.param(["generate", "--count", "many"], id="generate-count-not-a-number"),
        pytest.param(["generate", "--count", "3", "--source", "sciatica"], id="unknown-source"),
        pytest.param(["validate"], id="validate-without-paths"),
        pytest.param(["replay"], id="replay-without-transcript"),
        pytest.param(["run", "--case", "x", "--actions", "y", "--seed", "x"], id="seed-not-int"),
        pytest.param(["frobnicate"], id="unknown-command"),
        pytest.param(["run", "--casee", "x", "--actions", "y"], id="misspelt-option"),
    ],
)
def test_missing_or_bad_arguments_are_usage_errors(cli_main, argv):
    result = cli_main(*argv)
    assert result.code == 2
    assert "usage: massage-sim" in result.err
    assert "error:" in result.err.splitlines()[-1]


def test_run_without_a_case_or_blueprint(cli_main):
    result = cli_main("run", "--actions", ROUTINE)
    assert result.code == 2
    (message,) = _only_problem_lines(result.err)
    assert "--case" in message and "--blueprint" in message


def test_generate_count_zero(cli_main):
    result = cli_main("generate", "--count", "0")
    assert result.code == 2
    (message,) = _only_problem_lines(result.err)
    assert "--count" in message


# case files -------------------------------------------------------------------------------------


@pytest.fixture
def broken_cases(tmp_path: Path, one_case: Path) -> dict[str, Path]:
    good = one_case.read_text(encoding="utf-8")
    files = {
        "syntax": "id: broken\nseed: 1\n  budget_minutes: [60\n",
        "unknown_key": good.replace("\ntitle:", "\ntitel:", 1),
        "bad_value": good.replace("  irritability: ", "  irritability: extreme #", 1),
        "not_a_mapping": "- just\n- a list\n",
        "empty": "",
    }
    paths = {}
    for name, text in files.items():
        assert text != good
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


CASE_PROBLEMS = {
    "syntax": r":3:\d+: ",
    "unknown_key": r":\d+:\d+: titel: .*did you mean 'title'",
    "bad_value": r":\d+:\d+: hidden\.irritability: ",
    "not_a_mapping": r":1:\d+: ",
    "empty": r":1:\d+: ",
}


@pytest.mark.parametrize("name", list(CASE_PROBLEMS))
def test_a_broken_case_file_is_one_line_with_file_and_line(cli_main, broken_cases, name):
    path = broken_cases[name]
    checked = cli_main("validate", path)
    assert checked.code == 1
    out = [line for line in checked.out.splitlines() if line.strip()]
    assert len(out) == 1, checked.out
    assert re.match(re.escape(str(path)) + CASE_PROBLEMS[name], out[0]), out[0]
    ran = cli_main("run", "--case", path, "--actions", ROUTINE, "--json")
    assert ran.code == 1
    assert ran.out == ""
    (message,) = _only_problem_lines(ran.err)
    assert re.match("massage-sim: " + re.escape(str(path)) + CASE_PROBLEMS[name], message)


def test_validate_reports_every_bad_file_and_passes_none(cli_main, broken_cases, one_case):
    result = cli_main("validate", one_case, *broken_cases.values())
    assert result.code == 1
    out = result.out.splitlines()
    assert len(out) == len(broken_cases)
    assert not any(str(one_case) in line for line in out)


def test_run_over_a_folder_with_one_bad_file_stops_with_its_message(
    cli_main, tmp_path, one_case, broken_cases
):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a-good.yaml").write_text(one_case.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b-bad.yaml").write_text(
        broken_cases["unknown_key"].read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = cli_main("run", "--case", folder, "--actions", ROUTINE, "--json")
    assert result.code == 1
    (message,) = _only_problem_lines(result.err)
    assert "b-bad.yaml" in message and "titel" in message


def test_a_folder_with_no_yaml(cli_main, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a case\n", encoding="utf-8")
    ran = cli_main("run", "--case", folder, "--actions", ROUTINE)
    assert ran.code == 1
    (message,) = _only_problem_lines(ran.err)
    assert str(folder) in message
    checked = cli_main("validate", folder)
    assert checked.code == 1
    (line,) = checked.out.splitlines()
    assert line.startswith(f"{folder}:")


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["run", "--case", "{missing}", "--actions", str(ROUTINE)], id="run-case"),
        pytest.param(["run", "--blueprint", "{missing}", "--actions", str(ROUTINE)], id="run-bp"),
        pytest.param(["validate", "{missing}"], id="validate"),
        pytest.param(["replay", "{missing}"], id="replay"),
        pytest.param(["generate", "--count", "2", "--blueprint", "{missing}"], id="generate-bp"),
        pytest.param(["play", "--case", "{missing}"], id="play-case"),
    ],
)
def test_a_path_that_does_not_exist(cli_main, tmp_path, argv):
    missing = str(tmp_path / "no-such-thing.yaml")
    result = cli_main(*(missing if a == "{missing}" else a for a in argv))
    assert result.code == 1
    problems = result.out.splitlines() if argv[0] == "validate" else _only_problem_lines(result.err)
    assert len(problems) == 1
    assert missing in problems[0]


def test_a_blueprint_passed_as_a_case_is_explained(cli_main):
    result = cli_main("run", "--case", BLUEPRINTS / "deep_gluteal.yaml", "--actions", ROUTINE)
    assert result.code == 1
    for line in _only_problem_lines(result.err):
        assert str(BLUEPRINTS / "deep_gluteal.yaml") in line


# transcripts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("not json {", r":1:1: json:", id="not-json"),
        pytest.param('{"case": {"id": "x"},\n "steps": [', r":2:\d+: json:", id="truncated"),
        pytest.param("", r":1:1: json:", id="empty"),
    ],
)
def test_a_transcript_that_is_not_json(cli_main, tmp_path, text, where):
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    result = cli_main("replay", path, "--json")
    assert result.code == 1
    assert result.out == ""
    (message,) = _only_problem_lines(result.err)
    assert re.match("massage-sim: " + re.escape(str(path)) + where, message), message


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param([1, 2], "transcript", id="a-list"),
        pytest.param({}, "case", id="empty-object"),
        pytest.param({"case": {"id": "x"}, "steps": "no"}, "steps", id="steps-not-a-list"),
        pytest.param({"case": "mix-1", "steps": []}, "case", id="case-not-an-object"),
        pytest.param({"case": {"id": "x"}, "steps": [], "notes": 1}, "notes", id="extra-key"),
        pytest.param(
            {"case": {"id": "x"}, "steps": [{"action": {"kind": "end"}}]},
            "steps[0].text",
            id="step-without-text",
        ),
        pytest.param({"case": {"id": "x"}, "steps": []}, "case", id="no-case-data"),
        pytest.param(
            {"case": {"id": "x", "data": {"id": "x"}}, "steps": []}, "case.data", id="bad-case-data"
        ),
    ],
)
def test_a_transcript_of_the_wrong_shape(cli_main, tmp_path, data, field):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = cli_main("replay", path, "--json")
    assert result.code == 1
    assert result.out == ""
    lines = _only_problem_lines(result.err)
    for line in lines:
        assert line.startswith(f"massage-sim: {path}: "), line
    assert any(line.startswith(f"massage-sim: {path}: {field}") for line in lines), lines


# through a real process -------------------------------------------------------------------------


def test_bad_input_in_a_real_process_is_one_line_each(cli, workdir, one_case):
    script = workdir / "bad-script.txt"
    script.write_text("ask banana\ntreat friction glute_max 7 4\n", encoding="utf-8")
    result = cli("run", "--case", one_case.relative_to(workdir), "--actions", script.name)
    assert result.code == 1
    assert result.out == ""
    assert result.err.splitlines() == [
        line for line in result.err.splitlines() if line.startswith("massage-sim: bad-script.txt:")
    ]
    assert len(result.err.splitlines()) == 2


def test_an_internal_error_in_a_real_process_is_still_one_line(cli, workdir, one_case):
    """Whatever escapes the handlers is one line and no traceback (and, today, exit 70)."""
    script = workdir / "superscript.txt"
    script.write_text("treat friction glute_max ² 4\n", encoding="utf-8")
    result = cli("run", "--case", one_case.relative_to(workdir), "--actions", script.name)
    assert result.code != 0
    assert len(result.err.splitlines()) == 1
    assert result.code == 1, f"exit {result.code}: {result.err}"


# random scripts ---------------------------------------------------------------------------------

_NUMBERISH = st.one_of(
    st.integers(-3, 25).map(str),
    st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=2),
)
_WORD = st.one_of(
    st.sampled_from(VALID_KINDS + ALL_IDS + ["#", "[", "{", "}", "]", '"kind":', "null"]),
    _NUMBERISH,
    st.text(min_size=1, max_size=8).filter(lambda s: not s.isspace()),
)
# a line of the right length for its action (so the argument checks are reached) or any words
_SHAPED_LINE = st.sampled_from(VALID_KINDS).flatmap(
    lambda kind: st.lists(
        st.one_of(_WORD, _NUMBERISH), min_size=len(ARGUMENTS[kind]), max_size=len(ARGUMENTS[kind])
    ).map(lambda words: " ".join([kind, *words]))
)
_LINE = st.one_of(_SHAPED_LINE, st.lists(_WORD, max_size=6).map(" ".join))
_TEXT_SCRIPT = st.lists(_LINE, max_size=8).map("\n".join)
_FIELDS = [
    "question",
    "region",
    "test",
    "pressure",
    "minutes",
    "technique",
    "what",
    "topic",
    "reason",
    "x",
]
_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 30) | st.sampled_from(VALID_KINDS + ALL_IDS),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["kind", *_FIELDS]), inner, max_size=5)
    ),
    max_leaves=8,
)
_JSON_ACTION = st.one_of(
    _JSON_VALUE,
    st.fixed_dictionaries(
        {"kind": st.one_of(st.sampled_from(VALID_KINDS), _JSON_VALUE)},
        optional={name: _JSON_VALUE for name in _FIELDS},
    ),
)
_JSON_SCRIPT = st.one_of(
    st.lists(_JSON_ACTION, max_size=5).map(json.dumps),
    st.lists(_JSON_ACTION, min_size=1, max_size=5).map(
        lambda items: "\n".join(json.dumps(i) for i in items)
    ),
)


@settings(max_examples=30, deadline=None)
@given(text=st.one_of(st.text(max_size=200), _TEXT_SCRIPT, _JSON_SCRIPT))
def test_random_action_scripts_never_escape(cli_main_factory, one_case, text):
    main, script = cli_main_factory
    script.write_text(text, encoding="utf-8")
    code, err = main("run", "--case", str(one_case), "--actions", str(script), "--json")
    assert code in (0, 1, 2), f"exit {code}: {err}"
    assert "Traceback" not in err
    assert "internal error" not in err, err


@pytest.fixture(scope="module")
def cli_main_factory(tmp_path_factory):
    """`main` with stdout/stderr captured by hand (Hypothesis forbids function fixtures)."""
    import contextlib
    import io

    from simulator.cli import main

    script = tmp_path_factory.mktemp("random") / "actions.txt"

    def call(*argv: str) -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
        return code, err.getvalue()

    return call, script
