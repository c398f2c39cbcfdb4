"""The one folder listing `run`, `validate` and `lint` read (simulator.authoring.folders)
gives the list pathlib's recursive glob gave, on trees made to trip it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.authoring.folders import YAML_SUFFIXES, yaml_files


def globbed(folder: Path) -> list[Path]:
    """What the commands listed before: Python's own recursive glob."""
    return sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


NAMES = st.sampled_from(
    ["a.yaml", "b.yml", "c.YAML", ".yaml", ".hidden.yaml", "d.yaml.bak", "e.json", "a-b.yaml", "z"]
)
FOLDERS = st.sampled_from(["a", "a-b", "x.yaml", ".dot", "a/b", "a/b/c", "a-b/c"])


@settings(max_examples=40, deadline=None)
@given(
    files=st.lists(st.tuples(st.sampled_from(["", "a", "a-b", "x.yaml", ".dot", "a/b/c"]), NAMES)),
    folders=st.lists(FOLDERS),
)
def test_listing_matches_the_recursive_glob(
    files: list[tuple[str, str]], folders: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for folder in folders:
            (root / folder).mkdir(parents=True, exist_ok=True)
        for folder, name in files:
            (root / folder).mkdir(parents=True, exist_ok=True)
            target = root / folder / name
            if not target.is_dir():
                target.write_text("id: x\n", encoding="utf-8")
        assert yaml_files(root) == globbed(root)


def test_symlinks_and_order(tmp_path: Path) -> None:
    """A symlinked folder is not entered (it could loop); a symlinked file counts; paths
    sort by their parts ("a/b.yaml" before "a-c.yaml"), as Path objects do."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.yaml").write_text("id: b\n", encoding="utf-8")
    (tmp_path / "a-c.yaml").write_text("id: c\n", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "link.yml").symlink_to(tmp_path / "a-c.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    listed = yaml_files(tmp_path)
    assert listed == globbed(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in listed] == [
        "a/b.yaml",
        "a-c.yaml",
        "link.yml",
    ]


def test_an_unreadable_subfolder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text("id: ok\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "in.yaml").write_text("id: in\n", encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # root reads it anyway: nothing to skip then
            assert yaml_files(tmp_path) == globbed(tmp_path)
        else:
            assert yaml_files(tmp_path) == [tmp_path / "ok.yaml"]
    finally:
        locked.chmod(0o755)
