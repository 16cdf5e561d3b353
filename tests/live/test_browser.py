"""A real browser on a participant's side: Debian's headless Chromium (Selenium + /usr/bin/chromedriver) opens the
address read from the terminal's QR code, votes, changes its vote, and the trainer's count follows.

Only 127.0.0.1 is visited. Skipped, with the reason, where chromium or chromium-driver is not installed.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dialoog.live import LiveServer
from dialoog.live.qr import qr_cells

from .conftest import CARD, NEXT
from .qrread import decode, png_of

CHROMEDRIVER = "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(
    not (Path(CHROMEDRIVER).exists() and (shutil.which("chromium") or shutil.which("chromium-browser"))),
    reason="Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
)


def browser() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=390,844", "--no-proxy-server", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def address_from_qr(url: str, tmp_path: Path) -> str:
    """What a phone camera reads in the trainer's QR code (the same address when zbarimg is missing)."""
    full: list[list[bool]] = []
    for row in qr_cells(url):
        full += [[top for top, _ in row], [bottom for _, bottom in row]]
    return decode(png_of(full, tmp_path / "qr.png")) or url


async def until(check: Callable[[], bool], timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, "timed out"
        await asyncio.sleep(0.02)


async def test_a_phone_browser_votes_changes_its_vote_and_follows_the_trainer(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    server = LiveServer(lang="nl")
    url = await server.start()
    server.set_card(CARD, open=True)
    address = address_from_qr(url, tmp_path)
    assert address.lower() == url.lower() and address.startswith("HTTP://127.0.0.1:")  # what a camera reads
    driver = await asyncio.to_thread(browser)
    try:
        def click(key: str, then: str) -> str:
            """Press the option's button and wait (up to 20 s) for the page that says `then`."""
            from selenium.common.exceptions import StaleElementReferenceException
            from selenium.webdriver.support.ui import WebDriverWait

            driver.find_element(By.CSS_SELECTOR, f'button[value="{key}"]').click()
            # the page is replaced while it is read (post, redirect, meta refresh): a stale read is tried again
            wait = WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,))

            def says(d: Any) -> str | bool:
                text = str(d.find_element(By.TAG_NAME, "body").text)
                return text if then in text else False

            return str(wait.until(says))

        await asyncio.to_thread(driver.get, address)
        body = await asyncio.to_thread(lambda: driver.find_element(By.TAG_NAME, "body").text)
        assert "Een fles wijn" in body and "Kies een optie." in body
        body = await asyncio.to_thread(click, "b", "Uw stem: B.")
        assert "Uw stem: B. U kunt uw stem veranderen tot het stemmen sluit." in body
        await asyncio.to_thread(driver.save_screenshot, str(tmp_path / "voted.png"))
        await until(lambda: server.tally() == {"a": 0, "b": 1, "c": 0})
        body = await asyncio.to_thread(click, "c", "Uw stem: C.")
        assert "Uw stem: C." in body
        await until(lambda: server.tally() == {"a": 0, "b": 0, "c": 1})
        assert server.participants == 1
        server.set_card(NEXT, open=True)
        await asyncio.to_thread(driver.refresh)  # what the page's meta refresh does every few seconds
        body = await asyncio.to_thread(lambda: driver.find_element(By.TAG_NAME, "body").text)
        assert "Een lunch" in body and "Uw stem" not in body
        await asyncio.to_thread(driver.save_screenshot, str(tmp_path / "phone.png"))
        logs = await asyncio.to_thread(driver.get_log, "browser")
        assert not [entry for entry in logs if "Content Security Policy" in entry.get("message", "")]
    finally:
        await asyncio.to_thread(driver.quit)
        await server.stop()
