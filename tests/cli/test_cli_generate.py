"""`massage-sim generate` and `massage-sim validate` on generated cases (README, DESIGN 6)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import BLUEPRINTS, COUNT, SEED

SOURCES = {
    "lumbar_radicular",
    "deep_gluteal",
    "trigger_point",
    "posterior_chain",
    "hip_flexor_pelvic",
    "red_flag",
}


def _load(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def test_generate_writes_one_yaml_file_per_case(case_files: list[Path]) -> None:
    assert len(case_files) == COUNT
    ids = set()
    for path in case_files:
        data = _load(path)
        assert path.name == f"{data['id']}.yaml"
        assert data["hidden"]["source"] in SOURCES
        assert isinstance(data["seed"], int)
        ids.add(data["id"])
    assert len(ids) == COUNT


def test_generated_files_start_with_the_schema_modeline(case_files: list[Path]) -> None:
    for path in case_files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")


def test_validate_accepts_every_generated_file(cli, workdir: Path, case_files) -> None:
    result = cli("validate", *(p.relative_to(workdir) for p in case_files))
    assert result.code == 0, result.out + result.err
    assert result.out == ""


def test_same_seed_gives_byte_identical_files(cli, workdir: Path, case_files) -> None:
    result = cli("generate", "--count", COUNT, "--seed", SEED, "--out", "again")
    assert result.code == 0, result.err
    again = sorted((workdir / "again").glob("*.yaml"))
    assert [p.name for p in again] == [p.name for p in case_files]
    for first, second in zip(case_files, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_generate_without_out_streams_the_same_yaml(cli, case_files) -> None:
    """Without --out the cases come as one YAML stream on stdout, equal to the files."""
    result = cli("generate", "--count", COUNT, "--seed", SEED)
    assert result.code == 0, result.err
    expected = "---\n".join(p.read_text(encoding="utf-8") for p in _in_generation_order(case_files))
    assert result.out == expected


def _in_generation_order(case_files: list[Path]) -> list[Path]:
    return sorted(case_files, key=lambda p: _load(p)["seed"])


def test_a_different_seed_gives_different_cases(cli_main, case_files) -> None:
    result = cli_main("generate", "--count", 3, "--seed", SEED + 1)
    assert result.code == 0, result.err
    first_three = "---\n".join(
        p.read_text(encoding="utf-8") for p in _in_generation_order(case_files)[:3]
    )
    assert result.out.count("\nhidden:\n") == 3
    assert result.out != first_three


def test_source_pins_the_hidden_source(cli, workdir: Path) -> None:
    result = cli("generate", "--count", 12, "--seed", 5, "--source", "deep_gluteal", "--out", "dg")
    assert result.code == 0, result.err
    files = sorted((workdir / "dg").glob("*.yaml"))
    assert len(files) == 12
    assert {_load(p)["hidden"]["source"] for p in files} == {"deep_gluteal"}


def test_blueprint_option_draws_from_that_blueprint(cli, cli_main, workdir: Path) -> None:
    blueprint = BLUEPRINTS / "red_flag.yaml"  # absolute, from any working folder
    result = cli("generate", "--count", 6, "--seed", 1, "--blueprint", blueprint, "--out", "bp")
    assert result.code == 0, result.err
    files = sorted((workdir / "bp").glob("*.yaml"))
    assert len(files) == 6
    assert {_load(p)["hidden"]["source"] for p in files} == {"red_flag"}
    checked = cli_main("validate", *files)
    assert checked.code == 0, checked.out


@pytest.mark.parametrize("path", sorted(BLUEPRINTS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_blueprint_generates_valid_cases(cli_main, tmp_path: Path, path) -> None:
    out = tmp_path / "out"
    result = cli_main("generate", "--count", 4, "--seed", 2, "--blueprint", path, "--out", out)
    assert result.code == 0, result.err
    files = sorted(out.glob("*.yaml"))
    assert len(files) == 4
    sources = {_load(p)["hidden"]["source"] for p in files}
    declared = _load(path).get("source")
    if isinstance(declared, str):
        assert sources == {declared}
    assert sources <= SOURCES
    checked = cli_main("validate", out)
    assert checked.code == 0, checked.out


def test_source_overrides_a_blueprint(cli_main, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli_main(
        "generate",
        "--count",
        3,
        "--blueprint",
        BLUEPRINTS / "mix.yaml",
        "--source",
        "posterior_chain",
        "--out",
        out,
    )
    assert result.code == 0, result.err
    assert {_load(p)["hidden"]["source"] for p in out.glob("*.yaml")} == {"posterior_chain"}


def test_every_shipped_blueprint_validates(cli_main) -> None:
    files = sorted(BLUEPRINTS.glob("*.yaml"))
    assert files, BLUEPRINTS
    result = cli_main("validate", BLUEPRINTS)
    assert result.code == 0, result.out
