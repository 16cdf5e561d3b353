"""argparse in the user's language: its own words ("usage:", "error: the following arguments are required")
come from dialoog's catalogs, like every other word of the program.

argparse looks its words up with `gettext.gettext` and `gettext.ngettext`, named `_` and
`ngettext` in its module, each time it builds a parser, prints help or reports an error.
`argparse_in(lang)` points those two names at dialoog's UI catalog for the language
(`--lang`, `DIALOOG_LANG`, `LANG`...), for as long as the parser is built and used.

The texts below are argparse's msgids (Python 3.11 to 3.13), listed so that `dialoog check`
and `dialoog catalog` see them; argparse fills in the `%` placeholders itself.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from dialoog.i18n import LANGUAGES, UI, resolve_language


def N_(message: str) -> str:
    return message


ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Marks argparse's plural texts for the catalog tools (they are translated by `argparse_in`)."""
    return singular if n == 1 else plural


ARGPARSE_PLURALS = (ngettext("expected %s argument", "expected %s arguments", 1),)


def language_in(argv: Sequence[str]) -> str:
    """The language the command line asks for (`--lang X`, `--lang=X`, of the program or of a command), or
    from the environment; before argparse has read the line."""
    explicit = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            explicit = argv[i + 1]
        elif arg.startswith("--lang="):
            explicit = arg.partition("=")[2]
    return resolve_language(explicit if explicit in LANGUAGES else None)


@contextmanager
def argparse_in(lang: str) -> Iterator[UI]:
    """argparse speaks `lang` inside this block; yields the UI words of `lang` for the parser's own texts."""
    ui = UI(lang)
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    argparse._ = ui._  # type: ignore[attr-defined]
    argparse.ngettext = ui.ngettext  # type: ignore[attr-defined]
    try:
        yield ui
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
