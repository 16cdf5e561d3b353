"""The built wheel carries the content, the prompts and compiled catalogs, and runs on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--quiet", "-w", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = sorted(out.glob("dialoog-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_the_wheel_has_prompts_and_compiled_catalogs(wheel: Path) -> None:
    files = names(wheel)
    prompts = [n for n in files if n.startswith("dialoog/_content/prompts/") and n.endswith(".j2")]
    assert "dialoog/_content/prompts/card_feedback.j2" in prompts
    compiled = [n for n in files if n.startswith("dialoog/_content/locales/") and n.endswith(".mo")]
    assert "dialoog/_content/locales/nl/LC_MESSAGES/ui.mo" in compiled
    assert any(n.startswith("dialoog/_content/locales/en/LC_MESSAGES/content") for n in compiled)
    for mo in compiled:
        assert mo.replace(".mo", ".po") in files
        assert mo.count("/") == 5 and "/LC_MESSAGES/" in mo
    assert "dialoog/sanitize.py" in files
    assert not [n for n in files if n.startswith(("tests/", "dialoog/tests/"))]


def test_the_wheel_has_the_flows(wheel: Path) -> None:
    if not (REPO / "flows" / "scan.yaml").is_file():
        pytest.skip("flows/scan.yaml is not written yet")
    files = names(wheel)
    assert "dialoog/_content/flows/scan.yaml" in files
    for path in sorted((REPO / "flows").rglob("*.yaml")):
        assert f"dialoog/_content/{path.relative_to(REPO).as_posix()}" in files


def run_unpacked(unpacked: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(unpacked)!r})\n"
        "import dialoog\n"
        f"assert dialoog.__file__.startswith({str(unpacked)!r}), dialoog.__file__\n"
        "from dialoog.locations import content_root\n"
        f"assert str(content_root()).startswith({str(unpacked)!r}), content_root()\n"
        "from dialoog.cli import main\n"
        f"sys.exit(main({list(args)!r}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIALOOG_", "LC_", "LANG"))}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_the_unpacked_wheel_plays_a_flow(unpacked: Path, tmp_path: Path) -> None:
    result = run_unpacked(unpacked, tmp_path, "play", str(MINI / "flows" / "mini.yaml"), "--auto", "high")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("[dialoog] Hallo.\n")
    assert "[u] Bewindspersoon" in out  # the program's Dutch words, from the wheel's compiled catalog
    assert "[dialoog] (A.) Heeft u financiële banden met A.?" in out
    assert "== Samenvatting ==" in out
    assert "- Belangen: veel aandacht nodig" in out


def test_the_unpacked_wheel_plays_its_own_scan(unpacked: Path, tmp_path: Path) -> None:
    if not (REPO / "flows" / "scan.yaml").is_file():
        pytest.skip("flows/scan.yaml is not written yet")
    result = run_unpacked(unpacked, tmp_path, "play", "scan", "--auto", "low")
    assert result.returncode == 0, result.stderr
    assert "== Samenvatting ==" in result.stdout
    assert "Traceback" not in result.stderr
