"""The command line: `dialoog` (the conversation), `check`, `play`, `graph`, `catalog`, `forget`.

Imports are lazy: the conversation's first screen must not wait for what it
does not use.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dialoog.cli_sessions import cmd_sessions
from dialoog.i18n import UI, resolve_language
from dialoog.terminal import safe_text

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser(ui: UI | None = None) -> argparse.ArgumentParser:
    """The command line; its help in `ui`'s language (argparse's own words: see `dialoog.cli_words`)."""
    _ = (ui or UI(resolve_language()))._
    parser = argparse.ArgumentParser(
        prog="dialoog",
        description=_("A guided self-assessment of integrity and network awareness. "
                      "Without a command it starts the conversation in the terminal."),
    )
    parser.add_argument("--lang", choices=("nl", "en"), help=_("language (default: DIALOOG_LANG, LANG, then nl)"))
    parser.add_argument(
        "--data-dir", help=_("where answers are kept (default: DIALOOG_DATA_DIR, then the user data folder)")
    )
    parser.add_argument("--flow", default="scan", help=_("the flow to run in the conversation (default: scan)"))
    parser.add_argument("--from", dest="start", metavar="NODE",
                        help=_("a try-out: start the conversation at this node (nothing is saved)"))
    parser.add_argument("--answers", dest="start_answers", metavar="FILE",
                        help=_("with --from: the answers before the node (the others: the lowest-risk answer)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help=_("validate flows, templates, expressions and catalogs"))
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=_("content folders or flow files"))
    check.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    check.add_argument("--strict", action="store_true", help=_("fail on warnings too"))
    check.add_argument("--cards", dest="check_cards", type=Path, metavar="FILE",
                       help=_("check a trainer's own card file (for dialoog train --cards)"))

    play = sub.add_parser("play", help=_("run a flow without a UI"))
    play.add_argument("flow", metavar="FLOW", help=_("a flow id (scan) or the path of a flow file"))
    how = play.add_mutually_exclusive_group(required=True)
    how.add_argument("--answers", type=Path, metavar="FILE", help=_("YAML file: node id -> answer"))
    how.add_argument("--auto", metavar="low|high|random[:SEED]", help=_("answer every question automatically"))
    play.add_argument("--lang", dest="play_lang", choices=("nl", "en"), help=_("language"))
    play.add_argument("--json", action="store_true",
                      help=_("print transcript, answers, scores and summary as JSON"))
    play.add_argument("--data-dir", dest="play_data_dir", help=_("also save the session in the encrypted store here"))
    play.add_argument("--from", dest="play_from", metavar="NODE",
                      help=_("start at this node: the answers before it come from --answers (--fill or --auto for "
                             "the rest)"))
    play.add_argument("--fill", metavar="low|high|random[:SEED]",
                      help=_("with --answers: answer the questions the file does not answer automatically"))

    test = sub.add_parser("test", help=_("run transcript tests of the content (default: tests/flows/)"))
    test.add_argument("files", nargs="*", type=Path, metavar="FILE", help=_("transcript test files or folders"))
    test.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    play.add_argument("--report", type=Path, metavar="FILE",
                      help=_("also write the report of the run to FILE (.html or .md, readable only by you)"))
    play.add_argument("--force", dest="play_force", action="store_true",
                      help=_("replace the report file when it exists"))

    graph = sub.add_parser("graph", help=_("draw a flow as a diagram"))
    graph.add_argument("flow", metavar="FLOW")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")

    report = sub.add_parser("report", help=_("write the report of a saved session to a file (.html or .md)"))
    report.add_argument("session", nargs="?", metavar="SESSION",
                        help=_("the id of the session (default: the latest finished scan)"))
    report.add_argument("--output", "-o", required=True, metavar="FILE",
                        help=_("the file to write: .html or .md (readable only by you)"))
    report.add_argument("--force", action="store_true", help=_("replace FILE when it exists"))
    report.add_argument("--lang", dest="report_lang", choices=("nl", "en"),
                        help=_("language of the report (default: the session's)"))
    report.add_argument("--data-dir", dest="report_data_dir", metavar="DIR",
                        help=_("where answers are kept (default: DIALOOG_DATA_DIR, then the user data folder)"))

    sub.add_parser("catalog", help=_("add texts without a translation to the catalogs, for translators"))

    review = sub.add_parser("review", help=_("write the whole flow as a plain-language document for reviewers"))
    review.add_argument("flow", nargs="?", default="scan", metavar="FLOW",
                        help=_("a flow id or the path of a flow file (default: scan)"))
    review.add_argument("--output", "-o", required=True, type=Path, metavar="FILE",
                        help=_("where to write it: a .html or .md file"))
    review.add_argument("--lang", dest="review_lang", choices=("nl", "en"), help=_("language"))
    review.add_argument("--side-by-side", action="store_true", help=_("Dutch and English together, for translators"))
    review.add_argument("--force", action="store_true", help=_("overwrite the file if it is there"))

    forget = sub.add_parser("forget", help=_("erase saved sessions"))
    target = forget.add_mutually_exclusive_group(required=True)
    target.add_argument("session", nargs="?", help=_("the id of the session to erase"))
    target.add_argument("--all", action="store_true", help=_("erase every saved session"))
    forget.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    forget.add_argument("--data-dir", dest="forget_data_dir")

    from dialoog.sharing.cli import add_parsers as sharing_parsers  # share, research, network

    sharing_parsers(sub, _)
    from dialoog.cli_train import add_parser as train_parser  # train

    train_parser(sub, _)
    sessions = sub.add_parser("sessions", help=_("list the saved sessions (no passphrase needed)"))
    sessions.add_argument("--data-dir", dest="sessions_data_dir")
    sessions.add_argument("--json", action="store_true", help=_("print the list as JSON"))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Every command: core dumps off first; an unexpected error ends in a short message and a crash log (70)."""
    from dialoog.crashlog import no_core_dumps

    no_core_dumps()  # before anything is read or decrypted, for every command (the TUI's children too)
    if argv is None:  # the program itself (not a test calling main): Python's own last words go the same way
        from dialoog.crashlog import install_hooks

        install_hooks(_language_of(sys.argv[1:]))
    argv = sys.argv[1:] if argv is None else argv
    command = "dialoog"
    try:
        from dialoog.cli_words import argparse_in, language_in

        with argparse_in(language_in(argv)) as ui:  # argparse's own words too ("usage:", "error:")
            args = _parser(ui).parse_args(argv)
        command = args.command or "conversation"
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback, no locals, no answers
        from dialoog.crashlog import crashed

        return crashed(exc, command, _language_of(argv))


def _language_of(argv: list[str]) -> str:
    try:
        from dialoog.cli_words import language_in

        return language_in(argv)
    except Exception:  # noqa: BLE001 - the message is shown in Dutch then
        return "nl"


def _run(args: argparse.Namespace) -> int:
    if args.command is None and args.start:
        from dialoog.authoring.start import run_tryout

        return run_tryout(args)
    if args.command is None:
        from dialoog.tui.run import run_app

        return run_app(lang=args.lang, data_dir=args.data_dir, flow=args.flow)
    handler = {
        "check": cmd_check,
        "play": cmd_play,
        "graph": cmd_graph,
        "catalog": cmd_catalog,
        "forget": cmd_forget,
        "share": cmd_sharing, "research": cmd_sharing, "network": cmd_sharing,
        "report": cmd_report,
        "sessions": cmd_sessions,
        "test": _cmd_test,
        "review": cmd_review,
        "train": cmd_train,
    }[args.command]
    return handler(args)


def _root(paths: list[Path] | None = None) -> tuple[Path, list[Path]]:
    from dialoog.locations import content_root

    if not paths:
        return content_root(), []
    first = paths[0].resolve()
    for candidate in [first, *first.parents]:
        if candidate.name == "flows" and candidate.is_dir():
            return candidate.parent, paths
        if (candidate / "flows").is_dir():
            return candidate, paths
    return first if first.is_dir() else first.parent, paths


def cmd_check(args: argparse.Namespace) -> int:
    from dialoog.check import run_check

    if args.check_cards is not None:
        from dialoog.cli_train import cmd_check_cards

        return cmd_check_cards(args.check_cards, args.json)

    root, only = _root(args.paths)
    result = run_check(root, only)
    result.strict = args.strict
    if args.json:
        print(_json(result.as_json()))
        return EXIT_OK if result.ok else EXIT_PROBLEMS
    for problem in result.problems:
        print(safe_text(str(problem)))
    c = result.counts
    bound = "" if result.paths_exact else " (a lower bound)"
    summary = (
        f"{c['flows']} flows, {c['nodes']} nodes, {c['questions']} questions, {c['cards']} cards, "
        f"{c['advice']} advice items, {c['paths']} distinct paths{bound}"
    )
    errors, warnings = len(result.errors), len(result.warnings)
    if result.ok:
        extra = f" ({warnings} warning(s); 'dialoog check --strict' fails on them)" if warnings else ""
        print(f"ok: {summary}{extra}")
        return EXIT_OK
    if errors:
        also = f" and {warnings} warning(s)" if warnings else ""
        print(f"{errors} problem(s){also} in {summary}", file=sys.stderr)
    else:
        print(f"{warnings} warning(s) in {summary}: --strict fails on warnings", file=sys.stderr)
    return EXIT_PROBLEMS


class UnknownFlow(Exception):
    """The command line names a flow that the content does not have (the content itself may be fine)."""

    def __init__(self, flow_id: str, flows: list[str], modules: list[str]) -> None:
        super().__init__(flow_id)
        self.flow_id = flow_id
        self.flows = flows
        self.modules = modules

    def say(self, command: str, lang: str) -> int:
        ui = UI(lang)
        print(f"dialoog {command}: " + ui._("there is no flow '{flow}'.", flow=self.flow_id), file=sys.stderr)
        if self.flows:
            print(ui._("The flows are: {flows}.", flows=", ".join(self.flows)), file=sys.stderr)
        else:
            print(ui._("The content has no flows."), file=sys.stderr)
        if self.modules:
            print(ui._("Modules, which can also be run on their own: {modules}.", modules=", ".join(self.modules)),
                  file=sys.stderr)
        return EXIT_PROBLEMS


def load_flow(spec: str) -> tuple[Any, Path]:
    """A flow by id, or by the path of a flow or module file. Raises UnknownFlow, ContentError."""
    from dialoog.flow.library import load_library
    from dialoog.flow.problems import ContentError
    from dialoog.locations import content_root

    path = Path(spec)
    if spec.endswith((".yaml", ".yml")) or path.exists():
        root, _ = _root([path])
        flow_id = path.stem
    else:
        root, flow_id = content_root(), spec
    lib = load_library(root)
    if flow_id not in lib.flow_ids():
        raise UnknownFlow(flow_id, list(lib.specs), [m for m in lib.flow_ids() if m not in lib.specs])
    if lib.problems:
        raise ContentError(lib.problems)
    return lib.flow(flow_id), root


def flow_or_status(spec: str, command: str, lang: str) -> tuple[Any, Path] | int:
    """`load_flow`, or the exit status once a missing flow or content with problems has been said on stderr
    (the same words for every command that runs a flow)."""
    from dialoog.flow.problems import ContentError

    try:
        return load_flow(spec)
    except UnknownFlow as exc:
        return exc.say(command, lang)
    except ContentError as exc:
        return _content_error(exc)


def _content_error(exc: Exception) -> int:
    for problem in getattr(exc, "problems", []):
        print(safe_text(str(problem)), file=sys.stderr)
    print("The content has problems; run 'dialoog check' for all of them.", file=sys.stderr)
    return EXIT_PROBLEMS


def cmd_play(args: argparse.Namespace) -> int:
    from dialoog.engine import Session
    from dialoog.play import AnswersFileError, PlayError, auto, from_file, load_answers, open_keeper, run, saving

    lang = resolve_language(args.play_lang or args.lang)
    loaded = flow_or_status(args.flow, "play", lang)
    if isinstance(loaded, int):
        return loaded
    flow, root = loaded
    ui = UI(lang)
    from dialoog.authoring.start import StartError

    if args.fill and not args.answers:
        print("dialoog play: --fill goes with --answers: it answers the questions the file does not answer",
              file=sys.stderr)
        return EXIT_USAGE
    if args.report is not None:  # a bad report path is said before the run, not after it
        from dialoog.report.cli import check_output

        bad = check_output(args.report, args.play_force, ui, "play")
        if bad is not None:
            return bad
    try:
        answers = load_answers(args.answers, ui) if args.answers else None
        if args.auto:
            strategy, _, seed = args.auto.partition(":")
            if seed and not seed.isdigit():
                raise PlayError(f"the seed in '--auto {args.auto}' must be a whole number")
            answerer = auto(strategy, int(seed) if seed else None)
        if answers is not None:
            answerer = from_file(flow, answers, ui)
        if args.fill:
            from dialoog.authoring.answering import answering

            try:
                answerer = answering(flow, answers, args.fill, ui)
            except ValueError as exc:
                raise PlayError(f"--fill {args.fill}: {exc}") from None
        session = Session(flow, lang, root)
        data_dir = args.play_data_dir or args.data_dir
        if args.play_from:
            from dialoog.authoring.start import play_to

            play_to(session, args.play_from, answers, answerer if args.auto or args.fill else None, ui,
                    bool(data_dir))
        if not data_dir:
            result = run(session, answerer)
        else:  # every answer is saved to the encrypted store
            keeper = open_keeper(Path(data_dir), session, _warn)
            try:
                result = run(session, saving(answerer, keeper, _warn))
                keeper.save(session)
            finally:
                keeper.close()
    except PlayError as exc:
        print(safe_text(f"dialoog play: {exc}"), file=sys.stderr)
        return EXIT_USAGE if args.answers and isinstance(exc, AnswersFileError) else EXIT_PROBLEMS
    except StartError as exc:
        print(safe_text(f"dialoog play: {exc.message}"), file=sys.stderr)
        return EXIT_USAGE if exc.usage else EXIT_PROBLEMS
    if args.report is not None:
        from dialoog.report.cli import write_play_report

        failed = write_play_report(session, args.report, args.play_force, ui)
        if failed is not None:
            return failed
    if args.json:
        print(_json(result.as_json() | ({"from": args.play_from} if args.play_from else {})))
        return EXIT_OK
    _print_transcript(result)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from dialoog.report.cli import cmd_report as report

    return report(args)


def _json(data: Any) -> str:
    """JSON for stdout: what content or an answers file says, but no control character a terminal acts on."""
    from dialoog.terminal import safe_json

    return safe_json(json.dumps(data, ensure_ascii=False, indent=2))


def _warn(message: str) -> None:
    print(safe_text(f"dialoog: {message}"), file=sys.stderr)


def _print_transcript(result: Any) -> None:
    """The transcript and summary as text; every line cleaned (content and answers can hold escape sequences)."""
    session = result.session
    ui = session.ui
    you, bot = ui._("you"), "dialoog"
    for line in result.transcript:
        who = you if line.who == "user" else bot
        print(safe_text(f"[{who}] {line.text}") + "\n")
    summary = session.summary()
    print(safe_text("== " + ui._("Summary") + " =="))
    for dom in summary.domains:
        because = f" ({', '.join(dom.because)})" if dom.because else ""
        print(safe_text(f"- {dom.title}: {dom.label} [{dom.score:g}]{because}"))
    top, rest = summary.top_advice, summary.rest
    if top:
        print(safe_text("== " + ui._("Your main actions") + " =="))
    for i, adv in enumerate(top, 1):
        _print_advice(f"{i}.", adv)
    if top and rest:
        print(safe_text("== " + ui._("Other advice") + " =="))
    for adv in rest:
        _print_advice("*", adv)


def _print_advice(mark: str, adv: Any) -> None:
    print(safe_text(f"{mark} {adv.title} [{adv.domain}] <- {', '.join(adv.because) or '-'}"))
    for ref in adv.referrals:
        reach = ref.reach if not ref.url or ref.url in ref.reach else f"{ref.reach} {ref.url}".strip()
        print(safe_text(f"    > {ref.name}" + (f": {reach}" if reach else "")))


def _cmd_test(args: argparse.Namespace) -> int:
    from dialoog.authoring.cli import cmd_test

    return cmd_test(args)


def cmd_graph(args: argparse.Namespace) -> int:
    from dialoog.graph import dot, mermaid

    loaded = flow_or_status(args.flow, "graph", resolve_language(args.lang))
    if isinstance(loaded, int):
        return loaded
    flow = loaded[0]
    sys.stdout.write(mermaid(flow) if args.format == "mermaid" else dot(flow))
    return EXIT_OK


def cmd_catalog(args: argparse.Namespace) -> int:
    from dialoog.catalog import update_catalogs
    from dialoog.locations import content_root

    for added, path in update_catalogs(content_root()):
        print(f"{added} new text(s) added to {path}")
    return EXIT_OK


def cmd_sharing(args: argparse.Namespace) -> int:
    from dialoog.sharing.cli import run_verb

    return run_verb(args)


def cmd_forget(args: argparse.Namespace) -> int:
    from dialoog.forget import forget_command

    return forget_command(args.forget_data_dir or args.data_dir, args.session, args.all, args.yes)


def cmd_train(args: argparse.Namespace) -> int:
    from dialoog.cli_train import cmd_train as train

    return train(args)


def cmd_review(args: argparse.Namespace) -> int:
    from dialoog.review.cli import run_review

    return run_review(args)
