"""`play` from stdin, `--help`, `schema`: the rest of the command surface (DESIGN 6)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import BLUEPRINTS

COMMANDS = ["play", "generate", "validate", "schema", "run", "replay", "evaluate"]


def test_play_reads_actions_from_stdin_to_the_end_and_scores(cli, workdir, one_case):
    session = "ask onset\nask banana\n\n# a comment\nhelp\ntest slr\ncheck_in\nend\nask onset\n"
    result = cli("play", "--case", one_case.relative_to(workdir), "--seed", 4, stdin=session)
    assert result.code == 0, result.err
    out = result.out
    assert re.search(r"Score [\d.]+/100 (PASS|FAIL)", out), out[-500:]
    assert "Hidden:" in out
    assert "unknown question 'banana'" in out  # a bad line is explained, the session goes on
    assert "check_in" in out  # `help` lists the vocabulary
    assert out.count("[60 min] >") == 1
    # the prompt after `end` is never shown: the trailing `ask onset` is not read
    prompts = re.findall(r"\[(\d+) min\] >", out)
    assert [int(p) for p in prompts] == sorted((int(p) for p in prompts), reverse=True)
    assert out.index("Score ") > out.rindex("] >")


def test_play_ends_at_end_of_input_and_draws_from_a_blueprint(cli):
    blueprint = BLUEPRINTS / "red_flag.yaml"
    result = cli("play", "--blueprint", blueprint, "--seed", 2, stdin="ask bladder_bowel\n")
    assert result.code == 0, result.err
    assert re.search(r"Score [\d.]+/100 (PASS|FAIL)", result.out)
    assert "Hidden: red_flag" in result.out


def test_help_lists_every_command(cli):
    """DESIGN 6 lists `evaluate` too; the test fails while the CLI does not offer it."""
    result = cli("--help")
    assert result.code == 0
    assert result.out.startswith("usage: massage-sim")
    listed = set(re.findall(r"^ {4}(\w+)\s", result.out, flags=re.MULTILINE))
    assert set(COMMANDS) <= listed, f"missing: {sorted(set(COMMANDS) - listed)}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_its_own_help(cli_main, command):
    result = cli_main(command, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: massage-sim {command}")


@pytest.fixture(scope="module")
def schema(cli) -> dict:
    result = cli("schema")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_schema_is_json_covering_case_and_blueprint(schema) -> None:
    assert schema["$schema"].startswith("https://json-schema.org/")
    refs = {entry.get("$ref", "").rsplit("/", 1)[-1] for entry in schema["anyOf"]}
    assert {"Case", "Blueprint"} <= refs
    case = schema["$defs"]["Case"]
    assert {"id", "hidden", "persona"} <= set(case["properties"])
    assert "source" in schema["$defs"]["Blueprint"]["properties"]


def test_generated_cases_and_shipped_blueprints_satisfy_the_schema(schema, case_files) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema)
    yaml = YAML(typ="safe")
    files: list[Path] = [*case_files[:5], *sorted(BLUEPRINTS.glob("*.yaml"))]
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, f"{path.name}: {errors[:3]}"


def test_the_schema_rejects_a_misspelt_case_key(schema, one_case) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = YAML(typ="safe").load(one_case.read_text(encoding="utf-8"))
    data["hidden"]["sorce"] = data["hidden"].pop("source")
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))
