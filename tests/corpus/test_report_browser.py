"""The report in a real headless Chromium, from file://: highlights, links, scripts, no errors.

Needs the Python ``playwright`` package (a test dependency) and a Chromium on the machine
(Debian: ``apt-get install chromium``); Playwright's own browser download is never used.
Skipped only when no Chromium executable can be found.
"""

from __future__ import annotations

import os
import shutil

import pytest

BROWSER_ENV = "QALAM_CHROMIUM"
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "chromium-browser",
              "google-chrome", "google-chrome-stable")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 15_000
pytestmark = pytest.mark.slow  # drives a browser process


def find_chromium() -> str | None:
    for candidate in filter(None, (os.environ.get(BROWSER_ENV), *CANDIDATES)):
        found = shutil.which(candidate)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.skip(f"no Chromium found (install Debian's chromium, or set {BROWSER_ENV} to a Chromium binary)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is a test dependency: pip install playwright==1.65.2")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records console errors, page errors, dialogs and any request leaving file://."""

    def __init__(self, browser) -> None:
        self.problems: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(
            f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("request", lambda r: r.url.startswith("file://") or self.problems.append(
            f"network request: {r.url}"))


@pytest.fixture
def watched(browser):
    w = Watched(browser)
    yield w
    w.page.close()
    assert w.problems == []


MISSING_ANCHORS = """() => [...document.querySelectorAll('a[href^="#"]')]
    .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
    .filter(id => !document.getElementById(id))"""


def test_document_page_in_a_browser(site, watched, tmp_path):
    page = watched.page
    page.goto((site / "index.html").as_uri())
    assert page.locator("#documents tbody tr").count() == 5
    page.fill("input[data-filter=documents]", "annual")
    assert page.locator("#documents tbody tr:visible").count() == 1
    page.fill("input[data-filter=documents]", "")

    page.click("text=Evening classes by the river")
    page.wait_for_load_state()
    assert "/docs/" in page.url
    assert page.locator("article .ent-ORG").count() >= 3
    assert page.locator("article .ent-PERSON").count() >= 1
    assert page.locator("article p.turn-q").count() == 2
    speaker = page.evaluate("getComputedStyle(document.getElementById('q0'), '::before').content")
    assert "Mara Quell" in speaker
    badge = page.evaluate("getComputedStyle(document.getElementById('f1'), '::after').content")
    assert "USD 25,000" in badge
    org_background = page.evaluate("getComputedStyle(document.querySelector('.ent-ORG')).backgroundColor")
    assert org_background not in ("rgba(0, 0, 0, 0)", "transparent")  # the stylesheet loaded
    assert page.evaluate(MISSING_ANCHORS) == []

    page.click("aside a[href='#q0']")
    assert page.evaluate("location.hash") == "#q0"
    assert page.evaluate("document.getElementById('q0').matches(':target')")
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)
    assert (tmp_path / "document.png").stat().st_size > 10_000

    page.uncheck("input[data-toggle=ORG]")
    assert page.evaluate("document.body.classList.contains('hide-ORG')")
    assert page.evaluate("getComputedStyle(document.querySelector('.ent-ORG')).backgroundColor") == "rgba(0, 0, 0, 0)"

    page.click("aside a.corpus >> nth=0")
    page.wait_for_load_state()
    assert page.url.split("#")[0].endswith("/entities.html")
    target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert page.evaluate(f"!!document.getElementById({target!r})")


def test_hostile_document_stays_text(site, watched, tmp_path):
    page = watched.page
    page.goto((site / "index.html").as_uri())
    page.click("text=<b>Bold</b> title & more")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "<b>Bold</b> title & more"
    assert page.locator("script").count() == 1 and page.locator("article img").count() == 0
    assert "<script>alert('x')</script>" in page.inner_text("article")
    assert page.evaluate(MISSING_ANCHORS) == []
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
