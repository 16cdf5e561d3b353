"""Local files (review F11): no planted symlink is written through, no planted cache entry runs code, a
damaged catalog is made again or left out, never a crash."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from dialoog.catalog import update_catalogs
from dialoog.cli import main
from dialoog.flow import cache
from dialoog.i18n import content_translations

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hallo."\nmsgstr "Hello."\n'

pytestmark = pytest.mark.usefixtures("plain_env")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DIALOOG_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    folder = target / "locales" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "content.po").write_text(PO, encoding="utf-8")
    content_translations.cache_clear()
    return target


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim"
    path.write_text("precious\n", encoding="utf-8")
    return path


def _play_en(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["play", str(root / "flows" / "mini.yaml"), "--auto", "high", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return out


@pytest.mark.parametrize("name", ["content.mo.tmp", "content.mo"])
def test_a_symlink_planted_beside_the_catalog_is_never_written_through(
    root: Path, victim: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    folder = root / "locales" / "en" / "LC_MESSAGES"
    (folder / name).symlink_to(victim)
    assert "Hello." in _play_en(root, capsys)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    mo = folder / "content.mo"
    assert mo.is_file() and not mo.is_symlink(), "the compiled catalog is a file of its own"
    assert not list(folder.glob("*.tmp.*")) and not [p for p in folder.iterdir() if p.name.endswith(".tmp")
                                                      and not p.is_symlink()]


@pytest.mark.parametrize(
    "damage",
    [b"\xde\x12\x04\x95" + b"\x00" * 3, b"\xde\x12\x04\x95" + os.urandom(2000),
     b"\xde\x12\x04\x95\0\0\0\0" + (2**31).to_bytes(4, "little") + b"\0" * 20, b""],
    ids=["short", "garbage", "huge-count", "empty"],
)
def test_a_damaged_mo_newer_than_its_po_is_made_again(
    root: Path, capsys: pytest.CaptureFixture[str], damage: bytes
) -> None:
    po = root / "locales" / "en" / "LC_MESSAGES" / "content.po"
    mo = po.with_suffix(".mo")
    mo.write_bytes(damage)
    os.utime(mo, ns=(po.stat().st_atime_ns, po.stat().st_mtime_ns + 10**9))
    assert "Hello." in _play_en(root, capsys)


def test_a_plural_expression_gettext_refuses_falls_back_to_the_source(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = root / "locales" / "en" / "LC_MESSAGES" / "content.po"
    plural = "(" * 3000 + "n != 1" + ")" * 3000
    header = f'charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural={plural};\\n"'
    po.write_text(PO.replace('charset=UTF-8\\n"', header), encoding="utf-8")
    out = _play_en(root, capsys)
    assert "Hallo." in out, "the Dutch source is shown"


def test_dialoog_catalog_replaces_a_symlinked_po_instead_of_writing_through(root: Path, victim: Path) -> None:
    po = root / "locales" / "en" / "LC_MESSAGES" / "content.po"
    po.unlink()
    po.symlink_to(victim)
    update_catalogs(root)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert po.is_file() and not po.is_symlink()


class _Marker:
    path = ""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (Path(self.path),))  # type: ignore[return-value]


def test_a_planted_cache_entry_never_runs(root: Path, tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    payload = _Marker()
    payload.path = str(marker)
    entries = cache.StartupCache(root)
    entries.write("flow", "other", "a real entry")  # the key exists now
    body = pickle.dumps(payload)
    target = entries._path("flow", "mini")
    target.with_suffix(".pickle").write_bytes(body)  # the name of format 3 and before: never read
    for planted in (body, b"\0" * 32 + body, os.urandom(32) + body):  # no MAC, a wrong MAC
        target.write_bytes(planted)
        target.chmod(0o600)
        assert entries.read("flow", "mini") is None
    assert cache.StartupCache(root).read("flow", "mini") is None
    assert not marker.exists()


def test_a_cache_key_others_can_read_or_that_is_a_symlink_is_not_used(root: Path, tmp_path: Path) -> None:
    entries = cache.StartupCache(root)
    entries.write("flow", "mini", {"answer": 42})
    key = cache.cache_dir() / cache.KEY_NAME
    assert key.stat().st_mode & 0o777 == 0o600
    assert entries.read("flow", "mini") == {"answer": 42}
    key.chmod(0o644)
    assert entries.read("flow", "mini") is None
    key.chmod(0o600)
    stolen = tmp_path / "elsewhere"
    shutil.copy(key, stolen)
    key.unlink()
    key.symlink_to(stolen)
    assert entries.read("flow", "mini") is None


def test_a_symlink_planted_as_a_cache_entry_is_not_written_through(root: Path, victim: Path) -> None:
    entries = cache.StartupCache(root)
    target = entries._path("flow", "mini")
    target.parent.mkdir(parents=True)
    target.symlink_to(victim)
    entries.write("flow", "mini", "value")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not target.is_symlink()
    assert entries.read("flow", "mini") == "value"


def test_a_symlinked_template_is_refused_and_nothing_of_its_target_is_shown(
    root: Path, victim: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = root / "prompts" / "summary.j2"
    summary.unlink()
    summary.symlink_to(victim)
    assert main(["check", str(root)]) == 1
    out, _ = capsys.readouterr()
    assert "DLG032" in out and "symlink" in out
    assert main(["play", str(root / "flows" / "mini.yaml"), "--auto", "high"]) == 1
    out, err = capsys.readouterr()
    assert "precious" not in out + err and "DLG032" in err
