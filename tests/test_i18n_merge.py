"""Content catalogs split over several files read as one (through gettext's public add_fallback)."""

from __future__ import annotations

from pathlib import Path

from dialoog.i18n import content_translations

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

{entries}
"""


def write_po(path: Path, entries: dict[str, str]) -> None:
    path.write_text(PO.format(entries="\n".join(f'msgid "{k}"\nmsgstr "{v}"\n' for k, v in entries.items())),
                    encoding="utf-8")


def test_every_content_file_translates_and_a_later_file_wins(tmp_path: Path) -> None:
    folder = tmp_path / "locales" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    write_po(folder / "content-a.po", {"Hallo": "Hello", "Doei": "Bye"})
    write_po(folder / "content-b.po", {"Doei": "Goodbye", "Ja": "Yes"})
    translations = content_translations("en", tmp_path)
    assert translations.gettext("Hallo") == "Hello", "a message only the first file has"
    assert translations.gettext("Ja") == "Yes", "a message only the second file has"
    assert translations.gettext("Doei") == "Goodbye", "the later file wins"
    assert translations.gettext("Onbekend") == "Onbekend", "an unknown message stays as it is"


def test_no_content_files_means_no_translation(tmp_path: Path) -> None:
    (tmp_path / "locales" / "en" / "LC_MESSAGES").mkdir(parents=True)
    assert content_translations("en", tmp_path).gettext("Hallo") == "Hallo"
