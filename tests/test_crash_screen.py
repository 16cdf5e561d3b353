"""An unexpected error in `dialoog play`, `check` or any other command: a short, translated message and the
path of a crash log on stderr, exit status 70, no traceback; the log holds the exception's type, its frames
and the versions, never an answer, a name, a local variable or the exception's message. Core dumps are off
for every command, `play --data-dir` too (read by a child of the command, which inherits the limit).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from dialoog.cli import main
from dialoog.crashlog import report, write_crash_log
from tests.crashing import CANARY, NAME, install

pytestmark = pytest.mark.usefixtures("plain_env")

REPO = Path(__file__).resolve().parents[1]
TUI_FLOW = REPO / "tests" / "tui" / "content" / "flows" / "tui.yaml"
CRASHING = REPO / "tests" / "crashing.py"
ANSWERS = {"hello": "x", "role": "raadslid", "portfolio": "wonen", "gifts": "no", "stress": ["pressure"],
           "people": [{"name": NAME, "category": "family", "ties": "yes"}]}


def crash_logs(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "home" / "state" / "dialoog" / "crashes").glob("crash-*.log"))


def everything_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(ANSWERS), encoding="utf-8")
    return path


@pytest.mark.parametrize(("lang", "said"), [
    ("nl", "dialoog is gestopt door een onverwachte fout."),
    ("en", "dialoog stopped because of an unexpected error."),
])
def test_a_crash_in_play_is_a_short_message_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, said: str
) -> None:
    install(monkeypatch.setattr)
    code = main(["--lang", lang, "play", str(TUI_FLOW), "--answers", str(answers_file(tmp_path))])
    out, err = capsys.readouterr()
    assert code == 70
    assert out == ""
    assert err.startswith(said)
    assert "Traceback" not in err and CANARY not in err and NAME not in err
    [log] = crash_logs(tmp_path)
    assert str(log) in err
    assert stat.S_IMODE(log.stat().st_mode) == 0o600 and stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    text = log.read_text(encoding="utf-8")
    assert "where: play" in text and "exception: tests.crashing.ConditionFailed" in text
    assert "dialoog/engine/session.py:" in text and "dialoog/play.py:" in text
    assert CANARY not in text and NAME not in text
    home = everything_under(tmp_path / "home")
    assert CANARY.encode() not in home and NAME.encode() not in home


def test_a_crash_in_check_is_a_short_message_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], valid_root: Path
) -> None:
    def run_check(root: Path, only: Any) -> Any:
        secret = CANARY  # a local variable
        raise ValueError(f"cannot read {secret}")

    monkeypatch.setattr("dialoog.check.run_check", run_check)
    code = main(["check", str(valid_root)])
    out, err = capsys.readouterr()
    assert code == 70 and out == ""
    assert err.startswith("dialoog is gestopt door een onverwachte fout.")
    assert CANARY not in err and "Traceback" not in err
    [log] = crash_logs(tmp_path)
    text = log.read_text(encoding="utf-8")
    assert "where: check" in text and "exception: builtins.ValueError" in text and CANARY not in text


def test_the_real_program_crashing_prints_no_traceback(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
           "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(CRASHING), "play", str(TUI_FLOW), "--answers", str(answers_file(tmp_path)), "--json"],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )
    assert done.returncode == 70
    assert done.stdout == ""
    assert "Traceback" not in done.stderr and CANARY not in done.stderr and NAME not in done.stderr
    assert "dialoog is gestopt door een onverwachte fout." in done.stderr
    assert len(list((tmp_path / "state" / "dialoog" / "crashes").glob("crash-*.log"))) == 1


def test_a_crash_log_holds_no_message_and_no_locals(tmp_path: Path) -> None:
    def inner(entries: list[dict[str, str]]) -> None:
        name = entries[0]["name"]
        raise KeyError(f"{name} {CANARY}")

    try:
        try:
            inner([{"name": NAME}])
        except KeyError as exc:
            raise OSError(2, f"No such file: {NAME}") from exc
    except OSError as error:
        text = report(error, "play")
        path = write_crash_log(error, "play", tmp_path / "crashes")
    assert "exception: builtins.FileNotFoundError (errno ENOENT)" in text
    assert "while handling / caused by: builtins.KeyError" in text
    assert " in inner" in text and "tests/test_crash_screen.py:" not in text  # a test file: its name only
    assert "test_crash_screen.py:" in text
    assert NAME not in text and CANARY not in text and "No such file" not in text
    assert path is not None and path.read_text(encoding="utf-8").startswith("dialoog crash log")


def test_a_crash_log_is_not_written_through_a_symlinked_folder(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "crashes").symlink_to(tmp_path / "elsewhere")
    assert write_crash_log(RuntimeError("x"), "play", tmp_path / "crashes") is None
    assert list((tmp_path / "elsewhere").iterdir()) == []


# -- core dumps -----------------------------------------------------------------------------------

CHILD = """
import resource, subprocess, sys
soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
resource.setrlimit(resource.RLIMIT_CORE, (hard if hard != resource.RLIM_INFINITY else 1 << 30, hard))
import dialoog.tui.run
dialoog.tui.run.run_app = lambda **kwargs: 0  # the conversation itself needs a terminal
from dialoog.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
child = "import resource; print(resource.getrlimit(resource.RLIMIT_CORE))"
print("child:", subprocess.run([sys.executable, "-c", child], capture_output=True, text=True).stdout.strip())
"""


@pytest.mark.parametrize("verb", ["conversation", "check", "play", "play --data-dir", "graph", "forget", "--help"])
def test_core_dumps_are_off_for_every_command(tmp_path: Path, valid_root: Path, verb: str) -> None:
    mini = str(valid_root / "flows" / "mini.yaml")
    argv = {
        "conversation": ["--data-dir", str(tmp_path / "d")],
        "check": ["check", str(valid_root)],
        "play": ["play", mini, "--auto", "low"],
        "play --data-dir": ["play", mini, "--auto", "low", "--data-dir", str(tmp_path / "d")],
        "graph": ["graph", mini],
        "forget": ["forget", "--all", "--yes", "--data-dir", str(tmp_path / "d")],
        "--help": ["--help"],
    }[verb]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIALOOG_")} | {"DIALOOG_PASSPHRASE": "pw"}
    done = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, env=env,
                          check=False, timeout=60)
    assert "child: (0, 0)" in done.stdout, done.stdout + done.stderr


def test_an_error_that_ends_a_thread_prints_no_traceback(tmp_path: Path) -> None:
    """The program's own hooks (installed when `dialoog` runs as itself): a thread's last exception, and one that
    escapes everything, give the short message and a crash log."""
    script = f"""
import sys, threading
sys.argv = ["dialoog", "graph", "nosuchflow"]
from dialoog.cli import main
main()
def boom():
    secret = {CANARY!r}
    raise RuntimeError(secret)
t = threading.Thread(target=boom); t.start(); t.join()
raise LookupError({NAME!r})
"""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
           "PYTHONPATH": str(REPO), "DIALOOG_LANG": "en"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False,
                          timeout=60)
    assert done.stderr.count("dialoog stopped because of an unexpected error.") == 2, done.stderr
    assert "Traceback" not in done.stderr and CANARY not in done.stderr and NAME not in done.stderr
    logs = sorted((tmp_path / "state" / "dialoog" / "crashes").glob("crash-*.log"))
    texts = [p.read_text(encoding="utf-8") for p in logs]
    assert any("exception: builtins.RuntimeError" in t and "where: thread" in t for t in texts)
    assert any("exception: builtins.LookupError" in t and "where: python" in t for t in texts)
