"""`dialoog train` (the trainer app, or `--export`) and `dialoog check --cards FILE`.

The parser and the decisions of the command line; the app is `dialoog.tui.train` (imported when it is
started), the model, records and exports are `dialoog.training` (no Textual).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dialoog.i18n import UI, content_translations, resolve_language
from dialoog.terminal import safe_text
from dialoog.training.pool import Pool, TrainError, deck_of, load_pool

if TYPE_CHECKING:
    from dialoog.flow.problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_parser(sub: Any, _: Callable[[str], str]) -> None:
    """The `train` verb (the live engineer adds `--live` and its flags)."""
    train = sub.add_parser("train", help=_("run a dilemma session with a group (for a trainer; no passphrase)"))
    pick = train.add_argument_group(_("the deck (without any of these: choose the cards in the app)"))
    pick.add_argument("--deck", metavar="NAME|FILE", help=_("a saved selection of cards, by its name or file"))
    pick.add_argument("--themes", metavar="T,..", help=_("the cards of these themes (comma-separated)"))
    pick.add_argument("--audience", metavar="A", help=_("only the cards meant for this audience"))
    pick.add_argument("--cards", dest="train_cards", type=Path, metavar="FILE",
                      help=_("a file of your own cards (the schema of flows/cards; check it with "
                             "'dialoog check --cards FILE')"))
    train.add_argument("--lang", dest="train_lang", choices=("nl", "en"), help=_("language"))
    train.add_argument("--data-dir", dest="train_data_dir", metavar="DIR",
                       help=_("where sessions are kept (default: DIALOOG_DATA_DIR, then the user data folder)"))
    train.add_argument("--min-votes", type=int, default=3, metavar="N",
                       help=_("the chart is shown from this many votes on (default 3)"))
    train.add_argument("--minutes", type=int, default=5, metavar="N",
                       help=_("the time per card on the timer (default 5)"))
    train.add_argument("--resume", nargs="?", const="latest", metavar="SESSION",
                       help=_("continue a saved session (default: the one saved last)"))
    train.add_argument("--export", metavar="SESSION", help=_("write a saved session to --output (no app)"))
    train.add_argument("--output", "-o", type=Path, metavar="FILE", help=_("with --export: a .md, .html or .csv file"))
    train.add_argument("--force", dest="train_force", action="store_true", help=_("replace --output when it exists"))
    from dialoog.live.cli import add_live_arguments  # live voting: --live, --host, --port, --max-participants

    add_live_arguments(train, _)


def cmd_train(args: argparse.Namespace) -> int:
    from dialoog.locations import data_dir as default_data_dir

    lang = resolve_language(args.train_lang or args.lang)
    data_dir = default_data_dir(args.train_data_dir or args.data_dir)
    ui = UI(lang)
    if args.output is not None and not args.export:
        return _fail(ui._("--output goes with --export SESSION"))
    if args.min_votes < 0 or args.min_votes > 1000:
        return _fail(ui._("--min-votes must be a whole number from 0 to 1000"))
    if not 0 <= args.minutes <= 600:
        return _fail(ui._("--minutes must be a whole number from 0 to 600"))
    from dialoog.live.cli import live_options, preflight  # live voting
    from dialoog.live.server import LiveError

    try:
        live_opts = live_options(args)
        if live_opts is not None and not args.export:
            preflight(live_opts)
    except LiveError as exc:
        return _fail(exc.say(ui._))
    try:
        pool = load_pool(args.train_cards)
        if args.export:
            return _export(args, pool, data_dir, args.train_lang)
        session = _resumed(args, pool, data_dir, lang) if args.resume else None
        deck = deck_of(args, pool, data_dir) if session is None else None
    except TrainError as exc:
        return _fail(exc.message, exc.status, exc.problems)
    from dialoog.tui.train.run import run_train

    live = None
    if live_opts is not None:  # live voting: the listener starts in the app, on the session screen
        from dialoog.live.cli import warn
        from dialoog.tui.live.controller import LiveController

        warn(live_opts, ui._)
        live = LiveController(live_opts, lang, data_dir)
    return run_train(pool, data_dir, lang, deck=deck, session=session, min_votes=args.min_votes,
                     minutes=args.minutes, args=args, live=live)


def _resumed(args: argparse.Namespace, pool: Pool, data_dir: Path, lang: str) -> Any:
    from dialoog.training import records
    from dialoog.training.model import TrainingSession

    try:
        record = records.latest(data_dir) if args.resume == "latest" else records.find(data_dir, args.resume)
    except records.RecordError as exc:
        raise TrainError(str(exc)) from None
    if record is None:
        return None  # nothing saved yet: a new session
    try:
        session = TrainingSession.resume(record, pool.cards, data_dir, background=True, min_votes=args.min_votes,
                                         minutes=args.minutes)
    except ValueError as exc:
        raise TrainError(f"session {record.id}: {exc} (was it run with --cards FILE?)") from None
    if args.train_lang or args.lang:
        session.lang = lang
    return session


def _export(args: argparse.Namespace, pool: Pool, data_dir: Path, lang: str | None) -> int:
    from dialoog.report.write import ReportPathError
    from dialoog.training import records
    from dialoog.training.export import write_export

    if args.output is None:
        raise TrainError("--export SESSION needs --output FILE (.md, .html or .csv)")
    try:
        record = records.find(data_dir, args.export)
    except records.RecordError as exc:
        raise TrainError(str(exc)) from None
    shown = lang or record.lang
    ui = UI(shown)
    try:
        path = write_export(record, args.output, pool.cards, ui._, content_translations(shown, pool.root).gettext,
                            force=args.train_force)
    except ValueError as exc:
        raise TrainError(str(exc)) from None
    except ReportPathError as exc:
        from dialoog.training.export import path_message

        raise TrainError(path_message(exc, ui._)) from None
    print(safe_text(ui._("Written: {path}", path=str(path))), file=sys.stderr)
    return EXIT_OK


def _fail(message: str, status: int = EXIT_USAGE, problems: list[Problem] | None = None) -> int:
    for problem in problems or []:
        print(safe_text(str(problem)), file=sys.stderr)
    print(safe_text(f"dialoog train: {message}"), file=sys.stderr)
    return status


def cmd_check_cards(path: Path, as_json: bool) -> int:
    """`dialoog check --cards FILE`: a trainer's card file, checked against the content's deck."""
    from dialoog.flow.contacts import audiences_of
    from dialoog.flow.library import load_library
    from dialoog.locations import content_root
    from dialoog.training.deck import check_card_file

    lib = load_library(content_root())
    cards, problems = check_card_file(path, lib.cards, [t for t in lib.themes], audiences_of(lib))
    if as_json:
        from dialoog.terminal import safe_json

        print(safe_json(json.dumps({"ok": not problems, "counts": {"cards": len(cards)},
                                    "problems": [p.as_json() for p in problems]}, ensure_ascii=False, indent=2)))
        return EXIT_OK if not problems else EXIT_PROBLEMS
    for problem in problems:
        print(safe_text(str(problem)))
    if problems:
        print(f"{len(problems)} problem(s) in {path}: 'dialoog train --cards' refuses it until they are fixed",
              file=sys.stderr)
        return EXIT_PROBLEMS
    print(safe_text(f"ok: {len(cards)} trainer card(s) in {path}"))
    return EXIT_OK
