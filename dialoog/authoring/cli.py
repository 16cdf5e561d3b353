"""`dialoog test [FILE ...]`: run transcript tests (default: the files in tests/flows/)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dialoog.terminal import safe_text

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_FOLDER = Path("tests") / "flows"


def default_paths() -> list[Path]:
    """tests/flows/ in the working folder, else beside the program's content (a checkout of dialoog)."""
    from dialoog.locations import content_root

    here = DEFAULT_FOLDER
    return [here if here.is_dir() else content_root() / DEFAULT_FOLDER]


def cmd_test(args: argparse.Namespace) -> int:
    from dialoog.authoring.runner import Run, run_all
    from dialoog.flow.library import load_library
    from dialoog.locations import content_root

    paths: list[Path] = list(args.files) or default_paths()
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            print(safe_text(f"dialoog test: there is no file or folder '{path}'"), file=sys.stderr)
        return EXIT_USAGE
    lib = load_library(content_root())
    if lib.problems:
        for problem in lib.problems:
            print(safe_text(str(problem)), file=sys.stderr)
        print("The content has problems; run 'dialoog check' for all of them.", file=sys.stderr)
        return EXIT_FAILED
    result: Run = run_all(paths, lib)
    if args.json:
        import json

        from dialoog.terminal import safe_json

        print(safe_json(json.dumps(_as_json(result), ensure_ascii=False, indent=2)))
        return EXIT_OK if result.ok else EXIT_FAILED
    for problem in result.problems:
        print(safe_text(str(problem)))
    for res in result.results:
        t = res.test
        verdict = "ok" if res.passed else "FAILED"
        print(safe_text(f"{t.where}: {t.name} ({t.flow}, {t.lang}): {verdict}"))
        if res.problem is not None:
            print(safe_text(f"  {res.problem}"))
        for outcome in res.outcomes:
            print(safe_text(f"  {outcome.shown()}"))
    counts = _counts(result)
    line = (f"{counts['tests']} test(s): {counts['passed']} passed, {counts['failed']} failed; "
            f"{counts['expectations']} expectation(s), {counts['failed_expectations']} failed")
    if result.problems:
        line += f"; {len(result.problems)} problem(s) in the test files"
    print(line, file=sys.stdout if result.ok else sys.stderr)
    return EXIT_OK if result.ok else EXIT_FAILED


def _counts(result: Any) -> dict[str, int]:
    outcomes = [o for r in result.results for o in r.outcomes]
    passed = sum(1 for r in result.results if r.passed)
    return {
        "tests": len(result.results),
        "passed": passed,
        "failed": len(result.results) - passed,
        "expectations": len(outcomes),
        "failed_expectations": sum(1 for o in outcomes if not o.passed),
    }


def _as_json(result: Any) -> dict[str, Any]:
    return {
        "ok": result.ok,
        "counts": _counts(result),
        "problems": [p.as_json() for p in result.problems],
        "tests": [r.as_json() for r in result.results],
    }
