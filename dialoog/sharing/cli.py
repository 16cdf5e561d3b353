"""`dialoog share`, `dialoog research`, `dialoog network`: the exports, each with its own consent.

Each verb unlocks the store (`dialoog.keeping.headless.unlock`: the passphrase from DIALOOG_PASSPHRASE, or
asked on a terminal), shows exactly what the file will hold (the shared version's text; the research and
network exports' contents in words), and asks. Without a terminal, `--yes` is the consent; without either,
nothing is written and nothing is recorded. The consent is recorded (sealed) before the file is written,
to the path the user gave only, 0600; an existing file is replaced only with `--force`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from dialoog.i18n import UI, resolve_language
from dialoog.sharing.export import ExportError, ExportRequest, check_target, export_file
from dialoog.terminal import safe_json, safe_text

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
_YES = ("y", "yes", "j", "ja")


def add_parsers(sub: Any, _: Callable[..., str]) -> None:
    """The parser blocks of the three verbs (called from dialoog.cli)."""
    share = sub.add_parser("share", help=_("write a shared version of a scan, with your consent"))
    share.add_argument("session", nargs="?", metavar="SESSION",
                       help=_("the id of a finished scan (default: the latest)"))
    share.add_argument("--output", type=Path, metavar="FILE", help=_("the file to write (.md or .html)"))
    share.add_argument("--include", action="append", default=[], metavar="PARTS",
                       help=_("parts to add to the default (comma-separated Scope names, e.g. advice,starters)"))
    share.add_argument("--exclude", action="append", default=[], metavar="PARTS",
                       help=_("parts to leave out (comma-separated Scope names)"))
    share.add_argument("--list", action="store_true", help=_("list the consents you gave to exports"))
    share.add_argument("--json", action="store_true", help=_("with --list: as JSON"))
    _common(share, _)

    research = sub.add_parser("research", help=_("write anonymised figures of scans for research, with your consent"))
    research.add_argument("sessions", nargs="*", metavar="SESSION",
                          help=_("ids of finished scans (default: every finished scan)"))
    research.add_argument("--output", type=Path, metavar="FILE", required=True,
                          help=_("the file to write (.csv or .json)"))
    _common(research, _)

    network = sub.add_parser("network", help=_("write the network map as GraphML, with your consent"))
    network.add_argument("session", nargs="?", metavar="SESSION",
                         help=_("the id of a finished scan (default: the latest)"))
    network.add_argument("--output", type=Path, metavar="FILE", required=True,
                         help=_("the file to write (.graphml)"))
    network.add_argument("--no-names", action="store_true", help=_("entries by number only, without names"))
    _common(network, _)


def _common(parser: argparse.ArgumentParser, _: Callable[..., str]) -> None:
    parser.add_argument("--yes", action="store_true", help=_("give your consent without being asked"))
    parser.add_argument("--force", action="store_true", help=_("replace the file if it exists"))
    parser.add_argument("--data-dir", dest="share_data_dir", metavar="D")


class _Streams:
    def __init__(self, stdin: TextIO | None, stdout: TextIO | None, stderr: TextIO | None) -> None:
        self.stdin = stdin or sys.stdin
        self.out = stdout or sys.stdout
        self.err = stderr or sys.stderr


def _asker(ui: UI, yes: bool, io: _Streams, show: Callable[[ExportRequest], str]) -> Callable[[ExportRequest], bool]:
    def ask(request: ExportRequest) -> bool:
        if yes:
            return True
        print(safe_text(show(request)), file=io.out)
        io.out.write(safe_text(ui._("Write {file} with exactly this? [y/N]", file=str(request.path))) + " ")
        io.out.flush()
        return io.stdin.readline().strip().lower() in _YES

    return ask


def _say_error(ui: UI, verb: str, exc: ExportError, io: _Streams) -> int:
    messages = {
        "exists": ui._("{file} exists already; choose another file, or add --force to replace it."),
        "folder": ui._("The folder of {file} does not exist."),
        "kind": ui._("{file}: the file name must end in {kinds}."),
        "write": ui._("{file} could not be written: {why}."),
    }
    print(safe_text(f"dialoog {verb}: " + messages[exc.kind].format(file=exc.path, kinds=exc.detail, why=exc.detail)),
          file=io.err)
    return EXIT_USAGE if exc.kind in ("kind", "folder", "exists") else EXIT_PROBLEMS


def _no_consent(ui: UI, verb: str, io: _Streams) -> int | None:
    """Without a terminal and without --yes there is nobody to ask: nothing is written."""
    if io.stdin.isatty():
        return None
    print(safe_text(f"dialoog {verb}: " + ui._("Add --yes to give your consent without being asked. "
                                                "Nothing was written.")), file=io.err)
    return EXIT_USAGE


def _unlock(data_dir: str | None, ui: UI, io: _Streams) -> Any:
    from dialoog.keeping.headless import unlock

    return unlock(Path(data_dir) if data_dir else None, ui, stdin=io.stdin)


def _open(keeper: Any, sid: str) -> Any:
    from dialoog.locations import content_root

    return keeper.open_session(sid, content_root())


def _pick(keeper: Any, sid: str | None, ui: UI) -> Any:
    """The SessionInfo of `sid`, or of the latest finished scan (HeadlessError otherwise)."""
    from dialoog.keeping.headless import pick_session

    return pick_session(keeper, sid, flow_id="scan", finished=True, ui=ui)


def run_verb(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None,
             stderr: TextIO | None = None) -> int:
    """The three verbs (dialoog.cli's table points here)."""
    from dialoog.engine.errors import StaleSession
    from dialoog.flow.problems import ContentError
    from dialoog.keeping.headless import HeadlessError
    from dialoog.store.errors import StoreError

    io = _Streams(stdin, stdout, stderr)
    ui = UI(resolve_language(getattr(args, "lang", None)))
    verb = str(args.command)
    data_dir = args.share_data_dir or getattr(args, "data_dir", None)
    if verb == "share" and not args.list and args.output is None:
        print(f"dialoog share: {ui._('give the file to write with --output FILE, or --list')}", file=io.err)
        return EXIT_USAGE
    try:
        if verb == "share" and args.list:
            return _list(ui, data_dir, args.json, io)
        target = check_target(args.output, force=args.force, suffixes=_SUFFIXES[verb])
        if verb == "share" and (code := _check_parts(ui, args, io)) is not None:
            return code  # a mistake in --include/--exclude is said before the passphrase is asked
        if not args.yes and (code := _no_consent(ui, verb, io)) is not None:
            return code
        keeper = _unlock(data_dir, ui, io)
        try:
            return _VERBS[verb](args, ui, keeper, target, io)
        finally:
            keeper.close()
    except ExportError as exc:
        return _say_error(ui, verb, exc, io)
    except HeadlessError as exc:
        print(safe_text(f"dialoog {verb}: {exc}"), file=io.err)
        return EXIT_PROBLEMS
    except (StoreError, StaleSession, ContentError) as exc:  # a saved scan that cannot be read back
        detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        print(safe_text(f"dialoog {verb}: " + ui._("this scan could not be read: {why}", why=detail)), file=io.err)
        print(safe_text(ui._("Nothing was written.")), file=io.err)
        return EXIT_PROBLEMS


_SUFFIXES = {"share": (".md", ".html"), "research": (".csv", ".json"), "network": (".graphml",)}


def _check_parts(ui: UI, args: argparse.Namespace, io: _Streams) -> int | None:
    from dialoog.sharing.shared import PARTS, UnknownPart, parts_of

    try:
        parts_of([*args.include, *args.exclude])
    except UnknownPart as exc:
        print(safe_text("dialoog share: " + ui._("there is no part '{part}'; the parts are: {parts}.",
                                                 part=exc.name, parts=", ".join(PARTS))), file=io.err)
        return EXIT_USAGE
    return None


def _share(args: argparse.Namespace, ui: UI, keeper: Any, target: Path, io: _Streams) -> int:
    from dialoog.report.scope import Scope
    from dialoog.sharing.shared import included, left_out, shared_file, shared_text, widened
    from dialoog.sharing.words import shared_consent

    scope = widened(Scope.shared(), args.include, args.exclude)  # the names were checked (_check_parts)
    sid = _pick(keeper, args.session, ui).id
    session = _open(keeper, sid)
    previous = None
    if scope.compare and session.previous:
        try:
            previous = _open(keeper, session.previous)
        except Exception:  # noqa: BLE001 - the previous scan erased or unreadable: no comparison
            previous = None
    text = shared_text(session, scope, previous)
    body = shared_file(session, scope, target.suffix, previous)
    parts, out = included(scope), left_out(scope)
    request = ExportRequest("shared", body, parts, out, target, (session,), (sid,))

    def show(_: ExportRequest) -> str:
        return text + "\n\n" + shared_consent(ui, parts, out)

    return _done(ui, "share", export_file(keeper.store, request, _asker(ui, args.yes, io, show), force=args.force,
                                          how="--yes" if args.yes else "confirmed"), io)


def _research(args: argparse.Namespace, ui: UI, keeper: Any, target: Path, io: _Streams) -> int:
    from dialoog.sharing.research import FIELDS, Scan, research_rows, to_csv, to_json
    from dialoog.sharing.words import research_consent

    ids: Sequence[str] = args.sessions or [i.id for i in keeper.sessions()
                                           if i.flow == "scan" and i.finished and not i.damaged]
    scans = []
    for sid in dict.fromkeys(ids):
        info = _pick(keeper, sid, ui)
        scans.append(Scan(_open(keeper, info.id), info.updated))
    if not scans:
        print(safe_text("dialoog research: " + ui._("there is no finished scan to export.")), file=io.err)
        return EXIT_PROBLEMS
    rows = research_rows(scans)
    body = to_json(rows) if target.suffix.lower() == ".json" else to_csv(rows)
    fields = tuple(rows[0]) if rows else tuple(name for name, _ in FIELDS)
    request = ExportRequest("research", body, fields, ("names", "free_text", "answers", "session_id", "dates"),
                            target, tuple(s.session for s in scans), tuple(dict.fromkeys(ids)))

    def show(_: ExportRequest) -> str:
        return research_consent(ui, len(scans))

    return _done(ui, "research", export_file(keeper.store, request, _asker(ui, args.yes, io, show),
                                             force=args.force, how="--yes" if args.yes else "confirmed"), io)


def _network(args: argparse.Namespace, ui: UI, keeper: Any, target: Path, io: _Streams) -> int:
    from dialoog.sharing.network import network_graphml, network_parts
    from dialoog.sharing.words import network_consent

    sid = _pick(keeper, args.session, ui).id
    session = _open(keeper, sid)
    names = not args.no_names
    body = network_graphml(session, names=names)
    entries = sum(len(v) for n, v in session.answers.items()
                  if isinstance(v, list) and getattr(session.flow.nodes.get(n), "kind", "") == "network")
    parts, out = network_parts(names)
    request = ExportRequest("network", body, parts, out, target, (session,), (sid,))

    def show(_: ExportRequest) -> str:
        return network_consent(ui, names, entries)

    return _done(ui, "network", export_file(keeper.store, request, _asker(ui, args.yes, io, show),
                                            force=args.force, how="--yes" if args.yes else "confirmed"), io)


_VERBS: dict[str, Callable[[argparse.Namespace, UI, Any, Path, _Streams], int]] = {
    "share": _share, "research": _research, "network": _network,
}


def _done(ui: UI, verb: str, consent: Any, io: _Streams) -> int:
    if consent is None:
        print(safe_text(ui._("Nothing was written.")), file=io.out)
        return EXIT_PROBLEMS
    print(safe_text(ui._("Written: {file} (consent recorded {when}).", file=consent.file,
                         when=consent.as_json()["when"])), file=io.out)
    return EXIT_OK


def _list(ui: UI, data_dir: str | None, as_json: bool, io: _Streams) -> int:
    from dialoog.sharing.consent import consents
    from dialoog.sharing.words import export_names

    keeper = _unlock(data_dir, ui, io)
    try:
        found = consents(keeper.store)
    finally:
        keeper.close()
    if as_json:
        print(safe_json(json.dumps([c.as_json() for c in found], ensure_ascii=False, indent=2)), file=io.out)
        return EXIT_OK
    if not found:
        print(ui._("You have not given consent to any export."), file=io.out)
        return EXIT_OK
    names = export_names(ui)
    for c in found:
        line = f"{c.as_json()['when']}  {names.get(c.export, c.export)}  {', '.join(c.sessions)}  {c.file}"
        print(safe_text(line), file=io.out)
        print(safe_text("    " + ui._("in it: {parts}", parts=", ".join(c.parts))), file=io.out)
        if c.left_out:
            print(safe_text("    " + ui._("not in it: {parts}", parts=", ".join(c.left_out))), file=io.out)
        content = "; ".join(f"{v.flow} {v.hash[:12]}" for v in c.content)
        print(safe_text("    " + ui._("content {content}, dialoog {app}", content=content, app=c.app)), file=io.out)
    return EXIT_OK


__all__ = ["add_parsers", "run_verb"]
