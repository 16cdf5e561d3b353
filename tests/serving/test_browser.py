"""`dialoog serve` in Debian's headless Chromium: the start page, then practice in the browser. The page draws the
terminal on a canvas, so the test reads the canvas' pixels: the app's first screen has drawn text (light glyphs)
and its headings in the theme's blue, where the page before the app starts has none."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from .helpers import serving

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

# light pixels (text) and blue ones (headings) on the terminal's canvas
CANVAS_PIXELS = """
const c = document.querySelector('canvas.xterm-text-layer');
if (!c) return null;
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let light = 0, blue = 0;
for (let i = 0; i < d.length; i += 4) {
  if (d[i + 3] > 0 && d[i] > 180 && d[i + 1] > 180 && d[i + 2] > 180) light++;
  if (d[i + 2] > 200 && d[i] < 150 && d[i + 1] > 120 && d[i + 1] < 200) blue++;
}
return [light, blue];
"""


def browser() -> Any:
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them)")
    selenium = pytest.importorskip("selenium", reason="selenium (the test extra) is not installed")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    del selenium
    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,700"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    from selenium import webdriver

    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or DRIVER), options=options)


@pytest.mark.serial
def test_the_browser_shows_the_start_page_and_then_practice(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver = browser()
    try:
        with serving(data=tmp_path, env={"DIALOOG_PASSPHRASE": "correct horse battery"}) as (_, url):
            driver.get(url)
            text = driver.find_element(By.TAG_NAME, "body").text
            assert "Voor trainers" in text and "Oefenen" in text
            assert driver.execute_script(CANVAS_PIXELS) is None  # no terminal on the start page
            driver.find_element(By.LINK_TEXT, "Oefenen").click()
            found = None
            deadline = time.monotonic() + 25
            while time.monotonic() < deadline:
                found = driver.execute_script(CANVAS_PIXELS)
                if found and found[0] > 2000 and found[1] > 200:
                    break
                time.sleep(0.25)
            driver.save_screenshot(str(tmp_path / "practise.png"))
            assert found and found[0] > 2000 and found[1] > 200, f"the practice screen was not drawn: {found}"
    finally:
        driver.quit()
