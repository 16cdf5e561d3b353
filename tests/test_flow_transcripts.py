"""The transcript tests of the shipped content (tests/flows/*.yaml, docs/transcript-tests.md): one pytest
item per test, failing with the same lines `dialoog test` prints (each with the `path:line` that failed)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dialoog.authoring.runner import run_test
from dialoog.authoring.spec import SpecFile, TranscriptTest, read_test_file
from dialoog.flow.library import Library, load_library
from dialoog.locations import content_root

FOLDER = Path(__file__).parent / "flows"
FILES = sorted(FOLDER.glob("*.yaml"))


@cache
def library() -> Library:
    return load_library(content_root())


@cache
def spec(path: Path) -> SpecFile:
    return read_test_file(path, library())


def _cases() -> list[tuple[Path, int]]:
    """(file, index of the test) for every test; a file with problems is one case (index -1) that fails."""
    cases: list[tuple[Path, int]] = []
    for path in FILES:
        found = spec(path)
        cases += [(path, i) for i in range(len(found.tests))] if not found.problems else [(path, -1)]
    return cases


CASES = _cases()


def test_there_are_transcript_tests_of_the_scan() -> None:
    tests: list[TranscriptTest] = [t for path in FILES for t in spec(path).tests]
    assert len(FILES) >= 4 and sum(t.flow == "scan" for t in tests) >= 4


@pytest.mark.parametrize(("path", "index"), CASES, ids=[f"{p.stem}-{i + 1}" for p, i in CASES])
def test_transcript(path: Path, index: int) -> None:
    found = spec(path)
    if index < 0:
        pytest.fail("\n".join(p.shown() for p in found.problems), pytrace=False)
    result = run_test(found.tests[index], library())
    if not result.passed:
        pytest.fail(f"{found.tests[index].name}\n{result.report()}", pytrace=False)
