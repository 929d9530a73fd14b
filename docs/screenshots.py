"""Screenshots of the project home's health panel and network map, and OPH's programme overview, for docs/.

Run against a server holding the demo (`make run`, or migrate + seed_demo + runserver on any database):
    .venv/bin/python docs/screenshots.py http://127.0.0.1:8000 demo-verkosto-2026
It signs in as the demo's coordinator and reviewer in Debian's Chromium (Playwright). Regenerate after
the pages or the catalogues change.
"""

import re
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
BASE, PASSWORD = sys.argv[1].rstrip("/"), sys.argv[2]


def sign_in(page, email):
    page.goto(f"{BASE}/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/projects/|/review/"))


def project_home(page, acronym):
    page.goto(f"{BASE}/projects/")
    links = page.locator("main a").filter(has_text=acronym)
    href = next(
        h
        for h in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        if re.fullmatch(r"/projects/\d+/", h)
    )
    page.goto(f"{BASE}{href}")
    page.wait_for_selector("#health-panel")


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    sign_in(page, "koordinaattori@demo.networkhub.fi")
    project_home(page, "VERKKO")
    page.locator("section[aria-labelledby=health-heading]").screenshot(path=str(DOCS / "health-panel-fi.png"))
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    sign_in(page, "arvioija@demo.networkhub.fi")
    page.goto(f"{BASE}/projects/overview/")
    page.locator("main").screenshot(path=str(DOCS / "programme-overview-fi.png"))
    browser.close()
print("done")
