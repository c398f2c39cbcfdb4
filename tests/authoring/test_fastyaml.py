"""The libyaml fast path reads every document exactly as the located loader does, or declines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.authoring.fastyaml import _plain, fast_dump, fast_load
from simulator.authoring.lineyaml import read_block_yaml
from simulator.authoring.loading import case_to_yaml, load_document
from simulator.authoring.problems import AuthoringError
from simulator.authoring.yamlio import parse_text
from simulator.generator.generate import Generator, default_blueprint

ROOT = Path(__file__).resolve().parents[2]

# Spellings whose meaning differs between YAML 1.1 (libyaml's) and 1.2 (the located loader's),
# or between the two libraries, and some that do not.
SCALARS = [
    "010", "0o10", "0x1F", "0b11", "1_000", "1:30", "12:30:00", ".5", "+.5", "1.", "0.", "1e3",
    "1E3", "1.0e-5", "+12e03", "-.5e+3", "+1", "-0", "00", "09", ".inf", "-.Inf", ".NaN", "~",
    "null", "Null", "NULL", "", "true", "True", "TRUE", "yes", "no", "on", "Off", "y", "n",
    "2024-01-01", "2024-01-01 10:00:00", "=", "<<", "1e", "1.5e", "0o8", "none", "hello",
    '"yes"', "'1'", "!!str 5", "!!int '5'", "! 5", "!foo x", "&a x", "*a", '"a\\/b"', "[a, a]",
    "{a: 1, a: 2}", "{[1]: 2}", "{? a : b}", "[1, {b: 2}]", "x # c", "a b: c", "'it''s'",
]  # fmt: skip


def located(text: str) -> Any:
    try:
        return parse_text(text, "f.yaml")[0]
    except AuthoringError:
        return "error"


def agrees(text: str) -> None:
    fast = fast_load(text)
    if fast is not None:
        assert repr(fast) == repr(located(text)), text


@pytest.mark.parametrize("scalar", SCALARS)
def test_each_spelling_reads_the_same_or_is_declined(scalar: str) -> None:
    agrees(f"a: {scalar}\n")
    agrees(f"a:\n  - {scalar}\n  - x\n")
    agrees(f"{scalar}: 1\nb: 2\n")
    agrees(f"a: [{scalar}, 1]\n")


def test_what_the_slow_loader_decides_is_declined() -> None:
    assert fast_load("%YAML 1.1\n---\na: yes\n") is None  # 1.1 changes the meaning of yes
    assert fast_load("a: 1\n---\nb: 2\n") is None  # two documents
    assert fast_load("a: 1\na: 2\n") is None  # a duplicate key
    assert fast_load("a: &x [1]\nb: *x\n") is None  # anchors and aliases
    assert fast_load("- 1\n") is None  # not a mapping
    assert fast_load("a: b\u2028c\n") is None  # a line break only YAML 1.1 knows
    assert fast_load("a: 0o10\nb: [\n") is None  # broken


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab01:.-+_ \n'\"[]{},#?!&*|>~eoxyn", max_size=40))
def test_any_text_reads_the_same_or_is_declined(text: str) -> None:
    agrees(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_written_text_reads_back_through_both_loaders(value: str) -> None:
    text = fast_dump({"a": value, "b": [value], value: 1} if value != "a" else {"a": value})
    assert parse_text(text, "f.yaml")[0]["a"] == value
    fast = fast_load(text)
    assert fast is None or fast["a"] == value


def test_numbers_and_nulls_are_written_to_read_back() -> None:
    data = {"i": -3, "f": 1e-05, "g": 0.47, "z": 0.0, "n": None, "t": True, "l": [], "m": {}}
    text = fast_dump(data)
    assert parse_text(text, "f.yaml")[0] == data
    assert fast_load(text) == data


def test_generated_cases_take_the_fast_path() -> None:
    generator = Generator()
    for seed in range(40):
        case = generator.generate(default_blueprint(), seed)
        data = fast_load(case_to_yaml(case))
        assert data is not None  # a valid generated file never pays for the slow loader
        assert data == case.model_dump(mode="json")


@pytest.mark.parametrize("path", sorted((ROOT / "cases").rglob("*.yaml")), ids=lambda p: p.name)
def test_shipped_files_load_the_same_either_way(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = fast_load(text)
    assert fast is None or fast == parse_text(text, str(path))[0]
    load_document(path)


# The line-by-line reader (lineyaml) comes before libyaml: it must agree or decline too.

_KEYS = st.sampled_from(["a", "b", "c_d", "x1", "_k", "yes", "null"])
_SCALARS = st.one_of(
    st.text(alphabet="ab :-'#|\n\t1.x\"é\u00a0", max_size=12),
    st.integers(-5, 100),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.sampled_from(["yes", "on", "0o7", "1_0", "~", "- x", "a: b", "'", "|", "x\n", "\n\n"]),
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=15,
)
_EDITS = ["none", "indent+", "indent-", "comment", "blank", "spaces", "delete", "dup"]


def _edited(text: str, line: int, edit: str) -> str:
    lines = text.split("\n")
    i = line % max(1, len(lines) - 1)
    if edit == "indent+":
        lines[i] = " " + lines[i]
    elif edit == "indent-" and lines[i].startswith(" "):
        lines[i] = lines[i][1:]
    elif edit == "comment":
        lines.insert(i, " " * (line % 5) + "# c")
    elif edit in ("blank", "spaces"):
        lines.insert(i, "" if edit == "blank" else "  ")
    elif edit == "delete":
        del lines[i]
    elif edit == "dup":
        lines.insert(i, lines[i])
    return "\n".join(lines)


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(_KEYS, _DATA, min_size=1, max_size=5),
    st.integers(0, 30),
    st.sampled_from(_EDITS),
    st.booleans(),
)
def test_block_documents_read_line_by_line_the_same_or_are_declined(
    data: dict[str, Any], line: int, edit: str, ours: bool
) -> None:
    text = fast_dump(data) if ours else yaml.safe_dump(data, sort_keys=False)
    text = _edited(text, line, edit)
    fast = read_block_yaml(text, _plain)
    if fast is not None:
        assert repr(fast) == repr(located(text)), text


def test_generated_cases_are_read_line_by_line() -> None:
    generator = Generator()
    for seed in range(20):
        case = generator.generate(default_blueprint(), seed)
        text = case_to_yaml(case)
        assert read_block_yaml(text, _plain) == case.model_dump(mode="json")


def _libyaml_text(data: dict[str, Any]) -> str:
    """What fast_dump wrote before the line writer: libyaml's emitter on the same events."""
    from simulator.authoring import fastyaml

    events: list[Any] = [yaml.StreamStartEvent(encoding="utf-8"), yaml.DocumentStartEvent()]
    fastyaml._events(data, events)
    events += [yaml.DocumentEndEvent(), yaml.StreamEndEvent()]
    text: str = yaml.emit(
        events, Dumper=fastyaml._BaseDumper, allow_unicode=True, width=4096, indent=2
    )
    return text


_TEXTS = st.one_of(
    st.text(max_size=15),
    st.text(alphabet="ab :-'#|\n\t1.x\"é?,[]{}&*!%@`~", max_size=12),
    st.sampled_from(["---", "...", "-", "?x", ":x", "a:", "a #b", "a# b", " a", "a ", "'", ""]),
)


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["a", "b", "c_d", "Key", "yes", "1"]),
        st.recursive(
            st.one_of(_TEXTS, st.integers(-5, 10**20), st.floats(), st.booleans(), st.none()),
            lambda inner: st.one_of(
                st.lists(inner, max_size=4),
                st.dictionaries(st.sampled_from(["a", "b", "x1"]), inner, max_size=4),
            ),
            max_leaves=15,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_the_line_writer_writes_what_libyaml_writes_or_declines(data: dict[str, Any]) -> None:
    from simulator.authoring.fastyaml import _number_text
    from simulator.authoring.lineyaml import write_block_yaml

    written = write_block_yaml(data, _plain, _number_text)
    if written is not None:
        assert written == _libyaml_text(data)


def test_generated_cases_are_written_line_by_line_as_libyaml_wrote_them() -> None:
    generator = Generator()
    for seed in range(40):
        data = generator.generate(default_blueprint(), seed).model_dump(mode="json")
        assert fast_dump(data) == _libyaml_text(data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=60) | st.text(max_size=20))
def test_the_printable_check_is_str_isprintable_without_line_breaks(text: str) -> None:
    from simulator.authoring.lineyaml import _printable

    assert _printable(text) == text.replace("\n", "").isprintable()
