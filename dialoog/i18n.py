"""Languages and gettext catalogs (Babel), for the program's words and the content.

Two catalogs per language, both in `locales/<lang>/LC_MESSAGES/`:

- `ui*.po`: the program's own words (English source, Dutch translation), merged;
- `content*.po`: the content (Dutch source, English translation), merged.

A compiled `.mo` is used when it is at least as new as its `.po`; otherwise the
`.po` is compiled in memory with Babel (fuzzy entries are left out, as
`pybabel compile` does) and, where the folder is writable, cached as `.mo`.

A damaged `.mo` is compiled again from its `.po`; a catalog that cannot be used
at all (a broken `.po`, a plural expression gettext refuses) is left out, so
the source text is shown (`dialoog check` reports it as DLG027). Only regular
files are read, never through a symlink, and the cached `.mo` is written to a
new file created exclusively without following symlinks, then renamed over the
old one: a symlink planted as `content.mo` or `content.mo.tmp` is never written
through.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import os
from functools import lru_cache
from pathlib import Path

from dialoog.flow.files import read_regular, write_new
from dialoog.locations import content_root, program_root

MAX_CATALOG_BYTES = 8 * 1024 * 1024
"""The largest `.po` or `.mo` read (8 MiB)."""

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
UI_SOURCE_LANGUAGE = "en"
CONTENT_SOURCE_LANGUAGE = "nl"


def resolve_language(explicit: str | None = None) -> str:
    """`--lang`, then `DIALOOG_LANG`, then the POSIX locale variables, then Dutch."""
    if explicit:
        return explicit if explicit in LANGUAGES else DEFAULT_LANGUAGE
    for var in ("DIALOOG_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        code = value.split(":")[0][:2].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def locales_dir(root: Path | None = None) -> Path:
    return (root or content_root()) / "locales"


def _read(path: Path) -> bytes:
    return read_regular(path, MAX_CATALOG_BYTES, follow=False)


def _load_catalog(po: Path) -> gettext.GNUTranslations | None:
    mo = po.with_suffix(".mo")
    try:
        if mo.stat().st_mtime >= po.stat().st_mtime:
            return gettext.GNUTranslations(io.BytesIO(_read(mo)))
    except Exception:  # noqa: BLE001 - a damaged .mo (any error while reading it) is made again from its .po
        pass
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    try:
        catalog = read_po(io.BytesIO(_read(po)))
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        data = buf.getvalue()
        translations = gettext.GNUTranslations(io.BytesIO(data))  # refuses e.g. a plural expression too long
    except Exception:  # noqa: BLE001 - a broken catalog falls back to the source text; check reports it
        return None
    with contextlib.suppress(OSError):
        write_new(mo, data)
    return translations


def _merged(files: list[Path]) -> gettext.NullTranslations:
    """The catalogs of `files` as one: a later file's translation of a message wins over an earlier's."""
    merged: gettext.NullTranslations | None = None
    for po in reversed(files):
        cat = _load_catalog(po)
        if cat is None:
            continue
        if merged is None:
            merged = cat
        else:
            merged.add_fallback(cat)  # asked only for what the later files do not translate
    return merged if merged is not None else gettext.NullTranslations()


@lru_cache(maxsize=8)
def content_translations(lang: str, root: Path | None = None) -> gettext.NullTranslations:
    """Translations of the content (Dutch msgids) into `lang`."""
    if lang == CONTENT_SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    folder = locales_dir(root) / lang / "LC_MESSAGES"
    return _merged(sorted(folder.glob("content*.po")))


@lru_cache(maxsize=8)
def ui_translations(lang: str, root: Path | None = None) -> gettext.NullTranslations:
    """Translations of the program's own words (English msgids) into `lang`."""
    if lang == UI_SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    folder = (root or program_root()) / "locales" / lang / "LC_MESSAGES"
    return _merged(sorted(folder.glob("ui*.po")))


class UI:
    """The program's words in one language: `ui._("...")`, `ui.ngettext(...)`."""

    def __init__(self, lang: str, root: Path | None = None) -> None:
        self.lang = lang
        self._t = ui_translations(lang, root)

    def _(self, message: str, **params: object) -> str:
        text = self._t.gettext(message)
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        return self._t.ngettext(singular, plural, n).format(n=n, **params)

