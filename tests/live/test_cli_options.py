"""The flags of `dialoog train --live`: checked before the app starts, with clear messages."""

from __future__ import annotations

import argparse
import socket

import pytest

from dialoog.i18n import UI
from dialoog.live import LiveError
from dialoog.live.cli import LiveOptions, add_live_arguments, live_options, preflight, warn


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_live_arguments(parser, lambda s: s)
    return parser.parse_args(argv)


def test_without_live_there_are_no_live_options_and_its_flags_alone_are_refused() -> None:
    assert live_options(parse()) is None
    with pytest.raises(LiveError, match="go with --live"):
        live_options(parse("--port", "8123"))


def test_the_defaults_are_loopback_a_free_port_and_300_participants() -> None:
    assert live_options(parse("--live")) == LiveOptions("127.0.0.1", 0, 300)
    assert live_options(parse("--live", "--host", "0.0.0.0", "--port", "8123", "--max-participants", "40")) == \
        LiveOptions("0.0.0.0", 8123, 40)


@pytest.mark.parametrize(("argv", "says"), [
    (("--port", "70000"), "--port must be a number from 0 to 65535, not 70000"),
    (("--port", "-1"), "--port must be a number from 0 to 65535, not -1"),
    (("--max-participants", "0"), "--max-participants must be a number from 1 to 10000, not 0"),
    (("--max-participants", "20000"), "--max-participants must be a number from 1 to 10000, not 20000"),
    (("--host", " "), "--host needs an address"),
])
def test_bad_values_are_refused_with_a_message(argv: tuple[str, ...], says: str) -> None:
    with pytest.raises(LiveError) as caught:
        live_options(parse("--live", *argv))
    assert says in str(caught.value)


def test_a_port_in_use_is_found_before_the_app_starts() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(LiveError) as caught:
            preflight(LiveOptions(port=port))
    assert str(caught.value) == (f"port {port} is already in use on 127.0.0.1: choose another with --port, "
                                 "or leave out --port to take a free one")
    assert caught.value.say(UI("nl")._).startswith(f"poort {port} is al in gebruik op 127.0.0.1")


@pytest.mark.parametrize("host", ["example.org", "not an address", "192.0.2.1"])
def test_a_host_that_cannot_be_listened_on_is_refused(host: str) -> None:
    with pytest.raises(LiveError, match="cannot listen on"):
        preflight(LiveOptions(host=host))


def test_a_non_loopback_host_prints_the_warning(capsys: pytest.CaptureFixture[str]) -> None:
    warn(LiveOptions())
    assert capsys.readouterr().err == ""
    warn(LiveOptions(host="0.0.0.0", port=8123), UI("nl")._)
    err = capsys.readouterr().err
    assert err.startswith("Let op: live stemmen luistert op 0.0.0.0:8123. Iedereen op elk netwerk")
