"""The exam class the grading fuzz poisons, built once per session."""

from __future__ import annotations

import pytest

from .journals import Class, build_class


@pytest.fixture(scope="session")
def exam_class(tmp_path_factory: pytest.TempPathFactory) -> Class:
    return build_class(tmp_path_factory.mktemp("class"))
