"""`dialoog catalog`: add texts that have no catalog entry yet, for translators to fill in."""

from __future__ import annotations

import contextlib
from pathlib import Path

from dialoog.flow.catalogs import Source


def _add_missing(po_path: Path, locale: str, domain: str, sources: list[Source], others: list[Path]) -> int:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    known: set[str] = set()
    for other in others:
        with other.open("rb") as fh:
            for m in read_po(fh):
                known.update([m.id] if isinstance(m.id, str) else m.id)
    if po_path.is_file():
        with po_path.open("rb") as fh:
            catalog = read_po(fh)
    else:
        catalog = Catalog(locale=locale, domain=domain)
    for m in catalog:
        if m.id:
            known.update([m.id] if isinstance(m.id, str) else m.id)
    added = 0
    for source in sources:
        if source.text in known:
            continue
        rel = Path(source.pos.path)
        with contextlib.suppress(ValueError):
            rel = rel.relative_to(po_path.parents[3])
        if source.plural is not None:  # one entry with both forms, as pybabel extracts ngettext
            catalog.add((source.text, source.plural), ("", ""), locations=[(rel.as_posix(), source.pos.line)])
            known.add(source.plural)
        else:
            catalog.add(source.text, "", locations=[(rel.as_posix(), source.pos.line)])
        known.add(source.text)
        added += 1
    if added or not po_path.is_file():  # leave an up-to-date file untouched
        import io

        from dialoog.flow.files import write_new

        po_path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        write_po(buf, catalog)  # wrapped at 76 columns, as pybabel writes it
        write_new(po_path, buf.getvalue())  # a new file, renamed: a symlink planted as the .po is not followed
    return added


def update_catalogs(root: Path) -> list[tuple[int, Path]]:
    """New content texts into en/content.po, new program texts into nl/ui.po (texts in a sibling catalog count)."""
    from dialoog.check import content_sources, ui_sources
    from dialoog.flow.library import load_library

    lib = load_library(root)
    en = root / "locales" / "en" / "LC_MESSAGES"
    nl = root / "locales" / "nl" / "LC_MESSAGES"
    content_po = en / "content.po"
    others = [p for p in sorted(en.glob("content*.po")) if p != content_po]
    ui_po = nl / "ui.po"
    ui_others = [p for p in sorted(nl.glob("ui*.po")) if p != ui_po]
    return [
        (_add_missing(content_po, "en", "content", content_sources(lib), others), content_po),
        (_add_missing(ui_po, "nl", "ui", ui_sources(), ui_others), ui_po),
    ]
