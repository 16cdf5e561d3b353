"""An unexpected error in the conversation: the person reads a short message in their language and where a
crash log is; neither the screen, the message nor the log holds an answer, a name or a local variable.

The crash is `tests/crashing.py`'s trick: a condition that fails after the network question, with a
canary in a local variable and in the exception's message, and the name given in the engine's locals.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from tests.crashing import CANARY, NAME, install

from .conftest import answer_current, begin, make_app, settle, type_keys


def files_holding(folder: Path, *words: str) -> list[Path]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(w.encode() in data or w.encode("utf-16-le") in data for w in words):
                hits.append(path)
    return hits


async def to_network_and_past(pilot: Any) -> None:
    """The test flow, plainly answered up to its network question; NAME given; its follow-up answered."""
    app = pilot.app
    await begin(pilot)
    for _ in range(40):
        turn = app.screen.turn
        if turn.kind == "network" and turn.entry is None:
            break
        await answer_current(pilot)
    await type_keys(pilot, *NAME, "enter", "enter", "enter")  # the name, its group, Done
    await settle(pilot)
    for _ in range(5):  # the follow-up about NAME: the crash comes after it
        if app.return_code is not None:
            break
        await pilot.press("n")
        await settle(pilot)


@pytest.mark.parametrize(("lang", "said"), [
    ("nl", "dialoog is gestopt door een onverwachte fout"),
    ("en", "dialoog stopped because of an unexpected error"),
])
async def test_a_crash_shows_a_short_message_and_a_private_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str, said: str
) -> None:
    install(monkeypatch.setattr)
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_network_and_past(pilot)
    assert app.return_code == 70
    assert app.crashed
    note = app.farewell()
    assert note.startswith(said)
    assert CANARY not in note and NAME not in note
    logs = list((tmp_path / "home" / "state" / "dialoog" / "crashes").glob("crash-*.log"))
    assert len(logs) == 1
    log = logs[0]
    assert str(log) in note
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    text = log.read_text(encoding="utf-8")
    assert "exception: tests.crashing.ConditionFailed" in text
    assert "dialoog/engine/session.py:" in text and " in _pass_over" in text  # the frames, for whoever fixes it
    assert "dialoog 0.1.0; Python " in text and "Textual 8." in text
    assert CANARY not in text and NAME not in text and "failed" not in text
    assert files_holding(tmp_path, CANARY, NAME) == []


async def test_an_error_only_textual_sees_prints_nothing_and_still_leaves_a_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An error in a handler that does not route it to the app's crash handler (here F1's): Textual ends the app
    and renders its traceback with local variables, but only to a console that keeps nothing."""
    from dialoog.tui.screens.conversation import ConversationScreen

    def why(self: Any) -> None:
        secret = CANARY  # a local variable Textual's traceback would show
        raise RuntimeError(f"failed: {secret}")

    monkeypatch.setattr(ConversationScreen, "action_why", why)
    app = make_app("en")
    with pytest.raises(RuntimeError):  # Pilot gives the test what Textual caught
        async with app.run_test(size=(100, 30)) as pilot:
            await begin(pilot)
            await pilot.press("enter", "f1")
            await settle(pilot)
    assert app.crashed
    note = app.farewell()
    assert note.startswith("dialoog stopped because of an unexpected error.")
    out, err = capsys.readouterr()
    assert CANARY not in out + err and "Traceback" not in out + err
    [log] = (tmp_path / "home" / "state" / "dialoog" / "crashes").glob("crash-*.log")
    text = log.read_text(encoding="utf-8")
    assert "an unexpected error inside the user interface" in text and CANARY not in text


async def test_a_crash_while_the_summary_is_made_is_a_crash_log_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The summary evaluates the advice's conditions: an error there ends the app the same way."""
    from dialoog.engine import Session

    from .conftest import play_to_end

    def summary(self: Session) -> Any:
        secret = CANARY
        raise ArithmeticError(f"advice condition failed: {secret} {self.answers!r}")

    monkeypatch.setattr(Session, "summary", summary)
    app = make_app("nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        await play_to_end(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert app.return_code == 70
    assert app.farewell().startswith("dialoog is gestopt door een onverwachte fout.")
    [log] = (tmp_path / "home" / "state" / "dialoog" / "crashes").glob("crash-*.log")
    text = log.read_text(encoding="utf-8")
    assert "exception: builtins.ArithmeticError" in text and "dialoog/tui/screens/summary.py:" in text
    assert CANARY not in text
