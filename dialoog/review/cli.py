"""`dialoog review [FLOW] --output FILE.html|.md [--lang nl|en] [--side-by-side] [--force]`.

Exit 0: written; 1: the content has problems or there is no such flow; 2: a mistake on the command line
(a suffix other than .html or .md, a folder that does not exist, a file that is there without --force).
The file is written to the given path only, created 0600, never through a symlink.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dialoog.i18n import UI, resolve_language
from dialoog.terminal import safe_text

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
SUFFIXES = (".html", ".md")


class OutputError(Exception):
    """The output file cannot be written as asked (exit 2)."""


def run_review(args: argparse.Namespace) -> int:
    from dialoog.cli import flow_or_status

    lang = resolve_language(args.review_lang or args.lang)
    ui = UI(lang)
    output: Path = args.output
    try:
        check_output(output, args.force, ui)
    except OutputError as exc:
        print(safe_text(f"dialoog review: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    loaded = flow_or_status(args.flow, "review", lang)
    if isinstance(loaded, int):
        return loaded
    flow, root = loaded
    text = review_text(flow, root, output.suffix.lower(), ["nl", "en"] if args.side_by_side else [lang])
    try:
        write_private(output, text, args.force, ui)
    except OutputError as exc:
        print(safe_text(f"dialoog review: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    print(safe_text(ui._("The review of '{flow}' is in {path}.", flow=flow.id, path=str(output))))
    return EXIT_OK


def review_text(flow: object, root: Path | None, suffix: str, langs: list[str]) -> str:
    """The review of `flow` as HTML (`.html`) or Markdown (`.md`), in one language or side by side."""
    from dialoog.flow.model import Flow
    from dialoog.review import html, markdown
    from dialoog.review.model import build

    assert isinstance(flow, Flow)
    docs = [build(flow, lang, root) for lang in langs]
    return html.render(docs) if suffix == ".html" else markdown.render(docs)


def check_output(path: Path, force: bool, ui: UI) -> None:
    if path.suffix.lower() not in SUFFIXES:
        raise OutputError(ui._("'{path}' must end in .html or .md", path=str(path)))
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(ui._("there is no folder '{folder}'", folder=str(folder)))
    if path.is_symlink():
        raise OutputError(ui._("'{path}' is a symbolic link; give the path of a file", path=str(path)))
    if path.exists():
        if not path.is_file():
            raise OutputError(ui._("'{path}' is not a file", path=str(path)))
        if not force:
            raise OutputError(ui._("'{path}' is already there; add --force to overwrite it", path=str(path)))


def write_private(path: Path, text: str, force: bool, ui: UI) -> None:
    """Write `text` to `path` only, 0600 from the first byte, never through a symlink: the report's writer
    (`dialoog.report.write.write_private`), after `check_output` said the path may take it."""
    from dialoog.report.write import ReportPathError
    from dialoog.report.write import write_private as write

    try:
        write(path, text, force=force, suffixes=SUFFIXES)
    except ReportPathError as exc:
        if exc.kind == "exists":
            raise OutputError(ui._("'{path}' is already there; add --force to overwrite it", path=str(path))) from None
        raise OutputError(ui._("cannot write '{path}': {reason}", path=str(path), reason=exc.message)) from None
