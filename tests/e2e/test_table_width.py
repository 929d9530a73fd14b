"""No page scrolls sideways at 320 px (a phone) or at 1,280 px (a laptop), for every role, on every page of the
demo a role can reach by its links, and axe's reflow-relevant checks pass at 320 px on each (issue 18 part 6
"Responsive tables", issue 22 part 1 "A layout that fits"; WCAG 1.4.10 Reflow). The pages are not listed by hand:
each role's pages are found by following the links of the pages it sees, from its start page, one page per URL
name, and the URL names a list page of each role must include are checked so that a broken crawl cannot pass by
visiting nothing."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from .test_accessibility import PASSWORD, _sign_in, _type_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 1280)
HEIGHT = 800

# Links not followed: other file types (CSV, PDF, calendars, downloads), the admin's own pages, signing out.
SKIPPED_NAMES = re.compile(r"csv|xlsx|vcard|pdf|ics|feed|graphml|download|_file|import_template|^admin:|logout")
# ... and any address that names a file (a template to download, an export, a feed).
SKIPPED_PATHS = re.compile(r"\.(?:xlsx|csv|pdf|ics|vcf|zip|json|graphml|svg|png)$")

# The list pages each role must have seen (the brief's list: projects, members, letters, meetings, action items,
# results, messages, deadlines, the review queue, the programme overview, privacy, the report preview).
MUST_SEE = {
    "koordinaattori@demo.networkhub.fi": {
        "home:projects",
        "home:project",
        "partners:list",
        "partners:detail",
        "commitments:overview",
        "commitments:letter",
        "commitments:task_matrix",
        "meetings:list",
        "meetings:detail",
        "meetings:actions",
        "goals:idea_list",
        "goals:review_list",
        "results:list",
        "results:contribution_list",
        "mobility:list",
        "pulse:results",
        "projects:messages",
        "reports:list",
        "reports:detail",
        "health:network_map",
    },
    "kumppani@demo.networkhub.fi": {
        "home:projects",
        "home:project",
        "partners:list",
        "meetings:list",
        "meetings:actions",
        "results:list",
    },
    "arvioija@demo.networkhub.fi": {
        "reports:queue",
        "reports:report",
        "reports:projects",
        "reports:deadlines",
        "home:overview",
        "home:programmes",
        "home:programme",
    },
    "admin@demo.networkhub.fi": {"privacy:search"},
}

# Pages whose tables show only after a choice in a form: the programme overview with closed projects and overdue
# reports, and the privacy search with a name that finds both accounts and contact persons.
EXTRA = {
    "arvioija@demo.networkhub.fi": [lambda: reverse("home:overview") + "?report=overdue&include_closed=on"],
    "admin@demo.networkhub.fi": [lambda: reverse("privacy:search") + "?q=demo"],
}


# Pages whose table must fit a laptop's width without scrolling inside its own box either: the programme overview's
# twelve items side by side (its cells are compact: a symbol in the status's colour, health.overview).
FIT_ON_A_LAPTOP = {"home:overview"}


def _url_name(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(page):
    """The same-site addresses the page links to, without their query strings and fragments."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https") and parts.netloc == urlsplit(page.url).netloc:
            paths.append(parts.path)
    return paths


# The innermost elements reaching past the window's right edge, not clipped by a scroll box that fits, to name
# the culprit in a failure.
STICKING_OUT = """() => {
  const out = e => e.getBoundingClientRect().right > window.innerWidth + 0.5;
  const clipped = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible" && !out(a)) return true;
    }
    return false;
  };
  const classes = e => typeof e.className === "string" && e.className.trim()
    ? "." + e.className.trim().split(/\\s+/).join(".") : "";
  const text = e => JSON.stringify((e.textContent || "").trim().slice(0, 40));
  const name = e => e.tagName.toLowerCase() + classes(e) + " " + text(e);
  return [...document.body.querySelectorAll("*")]
    .filter(e => out(e) && !clipped(e) && ![...e.children].some(c => out(c) && !clipped(c)))
    .slice(0, 3).map(name);
}"""


# axe's checks that bear on reflow and zoom (WCAG 1.4.4, 1.4.10, 1.4.12, 1.3.4), run on every page at 320 px:
# zoom not disabled, a box that scrolls reachable by keyboard, text spacing not locked, no locked orientation.
REFLOW_RULES = {
    "runOnly": {
        "type": "rule",
        "values": [
            "meta-viewport",
            "meta-viewport-large",
            "scrollable-region-focusable",
            "avoid-inline-spacing",
            "css-orientation-lock",
        ],
    }
}


def _reflow_violations(page, axe, path):
    page.set_viewport_size({"width": 320, "height": HEIGHT})
    result = axe.run(page, options=REFLOW_RULES)
    return [
        f"{path} at 320 px: {violation['id']}: " + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result.response["violations"]
    ]


def _too_wide(page):
    """{width: (pixels the page is wider than the window, what sticks out)} at each width, for the page on screen."""
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found[width] = (overflow, page.evaluate(STICKING_OUT))
    return found


def _crawl(page, start, extra):
    """Visit the role's pages, one per URL name, following links from `start`: {url name: path}, problems."""
    seen, queue, problems, axe = {}, [start, *extra], [], Axe()
    while queue:
        path = queue.pop(0)
        name = _url_name(urlsplit(path).path)
        skipped = name is None or SKIPPED_NAMES.search(name) or SKIPPED_PATHS.search(urlsplit(path).path)
        if skipped or (name in seen and path not in extra):
            continue
        seen.setdefault(name, path)
        response = page.goto(path)
        if response is None or response.status != 200 or "html" not in response.headers.get("content-type", ""):
            continue
        problems += [
            f"{path} is {pixels} px too wide at {width} px: {culprits}"
            for width, (pixels, culprits) in _too_wide(page).items()
        ]
        problems += _reflow_violations(page, axe, path)
        if name in FIT_ON_A_LAPTOP:
            page.set_viewport_size({"width": 1280, "height": HEIGHT})
            hidden = page.evaluate(
                "[...document.querySelectorAll('.table-responsive')].map(box => box.scrollWidth - box.clientWidth)"
            )
            problems += [
                f"{path}: a table scrolls {pixels} px inside its box at 1280 px" for pixels in hidden if pixels > 0
            ]
        queue += [link for link in _links(page) if _url_name(link) not in seen]
    return seen, problems


@pytest.mark.parametrize("email", list(MUST_SEE))
def test_no_page_scrolls_sideways_on_a_phone_or_a_laptop(page, live_server, settings, email):
    settings.SITE_URL = live_server.url
    call_command("seed_demo", password=PASSWORD)
    _sign_in(page, email)
    if "/two-factor/" in page.url:
        _type_code(page, email)
    start = urlsplit(page.url).path
    seen, problems = _crawl(page, start, [make() for make in EXTRA.get(email, [])])
    assert not problems, "\n".join(problems)
    missing = MUST_SEE[email] - set(seen)
    assert not missing, f"{email} did not reach {sorted(missing)}; saw {sorted(seen)}"
