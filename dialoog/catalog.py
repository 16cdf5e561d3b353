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


def _home_catalogs(root: Path, catalogs: list[Path]) -> dict[str, Path]:
    """Source file (relative to `root`) -> the catalog that holds most of its texts already."""
    from collections import Counter

    from babel.messages.pofile import PoFileError, read_po

    held: dict[str, Counter[Path]] = {}
    for po in catalogs:
        try:
            with po.open("rb") as fh:
                catalog = read_po(fh)
        except (OSError, PoFileError, ValueError):
            continue  # `dialoog check` reports a catalog it cannot read
        for message in catalog:
            if message.id:
                for path, _line in message.locations:
                    held.setdefault(path, Counter())[po] += 1
    return {path: counts.most_common(1)[0][0] for path, counts in held.items()}


def _new_home(en: Path, rel: Path) -> Path:
    """Where the first texts of a new file go: a card file or a module gets a catalog of its own."""
    stem = rel.stem.replace("_", "-")
    if rel.parts[:2] == ("flows", "cards") and len(rel.parts) == 3:
        return en / f"content-cards-{stem}.po"
    if rel.parts[:2] == ("flows", "modules") and len(rel.parts) == 3:
        return en / f"content-{stem}.po"
    return en / "content.po"


def update_catalogs(root: Path) -> list[tuple[int, Path]]:
    """New content texts into the English catalog that already holds the other texts of their file (so each
    card file or module keeps its own catalog), else into en/content.po; new program texts into nl/ui.po
    (texts in a sibling catalog count)."""
    from dialoog.check import content_sources, ui_sources
    from dialoog.flow.library import load_library

    lib = load_library(root)
    en = root / "locales" / "en" / "LC_MESSAGES"
    nl = root / "locales" / "nl" / "LC_MESSAGES"
    content_po = en / "content.po"
    catalogs = sorted(en.glob("content*.po"))
    home = _home_catalogs(root, catalogs)
    by_target: dict[Path, list[Source]] = {content_po: []}
    for source in content_sources(lib):
        rel = Path(source.pos.path)
        with contextlib.suppress(ValueError):
            rel = rel.relative_to(root)
        by_target.setdefault(home.get(rel.as_posix()) or _new_home(en, rel), []).append(source)
    results: list[tuple[int, Path]] = []
    for target, sources in by_target.items():
        others = [p for p in catalogs if p != target]
        added = _add_missing(target, "en", target.stem, sources, others)
        if added or target == content_po:
            results.append((added, target))
    ui_po = nl / "ui.po"
    ui_others = [p for p in sorted(nl.glob("ui*.po")) if p != ui_po]
    results.append((_add_missing(ui_po, "nl", "ui", ui_sources(), ui_others), ui_po))
    return results
