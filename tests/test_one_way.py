"""One way each (issue 18): the old ways of showing a status badge and of formatting a date fail here.

- A status badge is `{% status_badge %}` (networkhub/templatetags/status_tags.py, `networkhub.status.badge`), never
  an inline Bootstrap badge (`class="badge ..."`, `badge bg-...`, `badge text-bg-...`) in a template.
- A date is formatted by a format setting (`|date:"SHORT_DATE_FORMAT"` in a template), so it follows the reader's
  language; a literal format (`strftime(...)`, `|date:"Y-m-d"`) is only for the kernel (`networkhub/`). The few
  existing machine formats are listed below.
- In Python a short date is `networkhub.dates.short_date(value)` (a date, or a datetime's local date); a
  `formats.date_format(..., "SHORT_DATE_FORMAT")` call is only for the kernel.
- A day boundary is `networkhub.dates.start_of_day(day)` / `start_of_day_after(day)`, a reminder's morning is
  `networkhub.dates.morning(day)`: no `def _morning` and no `datetime.combine(..., time.min/time.max)` outside
  the kernel.
- A view's access is decided by a decorator of the core's access module (`partners.access`: `project_view`,
  `coordinator_view`, `role_view`); no other module defines a view decorator (`functools.wraps` around a function
  taking `request`). The one exception is listed below.
- A page reached from an e-mailed link is a `networkhub.links.EmailedLinkView`: nothing outside the kernel looks a
  token up or checks it (`tokens.lookup`, `tokens.check`, `tokens.check_state`) or renders the "this link does not
  work" page (`networkhub/link_invalid.html`) itself. The demo seeders (`demo.py`), which act as the recipient and
  serve no request, may look a token up.
- A table in a page is `{% table %} ... {% endtable %}` (networkhub/templatetags/tables.py), which writes the scroll
  box, the `<table>` and its caption (networkhub/_table.html); no template writes `<table` or a `table-responsive`
  box by hand, but the PDFs listed below.
"""

import ast
import os
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "networkhub"
SKIPPED_DIRS = {KERNEL, "tests", "node_modules", "staticfiles", "static", "locale", "docs"}

INLINE_BADGE = re.compile(r"""\bbadge (?:bg|text-bg)-|class=["']badge[\s"']""")
# `|date:"Y-m-d"` or `|time:'H:i'`; a format setting's name (`SHORT_DATE_FORMAT`) is the one way.
LITERAL_DATE_FORMAT = re.compile(r"""\|(?:date|time):(["'])(?![A-Z_]+_FORMAT\1)[^"']*\1""")
STRFTIME = re.compile(r"\bstrftime\(")
DATE_FORMAT_CALL = re.compile(r"\bdate_format\(")
COMBINE_CALL = re.compile(r"\bdatetime\.combine\(")
# `time.min`, `time.max`, `dt.time.min`, `datetime.min.time()`, `datetime.max.time()`
DAY_EDGE = re.compile(r"\btime\.(?:min|max)\b|\bdatetime\.(?:min|max)\.time\(\)")
DEF_MORNING = re.compile(r"^\s*def _morning\b", re.M)
# `<table` or Bootstrap's scroll box written by hand; the `{% table %}` tag is the one way.
HAND_WRITTEN_TABLE = re.compile(r"<table\b|\btable-responsive\b", re.I)

# Literal date formats that existed when this test was written: machine-readable stamps, not text for a
# reader. This list may only shrink: convert a place to the kernel's formatting and remove it here; never add one.
# (path, the literal as it appears, how many times)
KNOWN_LITERAL_DATES = {
    ("reports/review_views.py", 'strftime("%Y-%m-%d %H:%M")', 1),  # the review queue's CSV export
    ("privacy/views.py", 'strftime("%Y%m%d-%H%M")', 1),  # the personal-data export's file name
    ("templates/commitments/pdf/letter.html", '|date:"Y-m-d H:i:s"', 4),  # the signed PDF's UTC evidence times
}

# The core's access module: the one module of access decorators.
ACCESS_MODULE = "partners/access.py"
# Modules besides it that may define a view decorator. This list may only shrink; never add one.
KNOWN_VIEW_DECORATORS = {
    # `coordinator_view`: the projects app's own views need it and cannot import `partners`, the layer above;
    # `partners.access` re-exports it as its coordinator-only form, so it is still one implementation.
    "projects/access.py",
    # `confirm_first`: not a gate but the one confirmation step of actions that mail many or can't be undone.
    "networkhub/confirm.py",
}


# The templates that may write `<table` themselves: the kernel's table, and the PDFs WeasyPrint prints, where a
# scroll box means nothing and the print stylesheet lays the tables out (the report's PDF shares the pages' tables:
# reports/_body.html, whose box is a plain block there). This list may only shrink; never add a page here.
TABLE_TEMPLATE = "templates/networkhub/_table.html"
KNOWN_PLAIN_TABLES = {
    "templates/commitments/pdf/letter.html",  # the signed letter's PDF: facts, tasks, signatures, audit trail
}


# Day boundaries and date formatting outside the kernel that are justified. None today: this list may only
# shrink, like KNOWN_LITERAL_DATES. (The demo seeders' and forms' `datetime.combine(day, time(12))`, `time(10)` or
# a user's chosen time are moments on a day, not its boundaries, and are not looked for.)
KNOWN_DATE_COPIES = set()

# The e-mailed link's steps, done by networkhub.links.EmailedLinkView only.
TOKEN_STEPS = {"lookup", "check", "check_state"}
INVALID_PAGE = "link_invalid.html"
LINK_SEEDERS = "demo.py"  # a seeder acts as the recipient: it may look its own link's token up


def inline_badges(text):
    """The numbers of the lines of a template's text that write a Bootstrap badge inline."""
    return [number for number, line in enumerate(text.splitlines(), 1) if INLINE_BADGE.search(line)]


def hand_written_tables(text):
    """The numbers of the lines of a template's text that write a `<table` or a `table-responsive` box by hand."""
    return [number for number, line in enumerate(text.splitlines(), 1) if HAND_WRITTEN_TABLE.search(line)]


def literal_date_formats(text):
    """Each `strftime(...)` call (up to its first closing parenthesis) and each `|date:`/`|time:` with a literal."""
    found = [match.group(0) for match in LITERAL_DATE_FORMAT.finditer(text)]
    for match in STRFTIME.finditer(text):
        end = text.find(")", match.end())
        found.append(text[match.start() : end + 1 if end >= 0 else len(text)])
    return found


def _call(text, start):
    """The call whose name ends at `start` (just past its opening parenthesis), up to its matching parenthesis."""
    depth, index = 1, start
    while index < len(text) and depth:
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        index += 1
    return text[start:index]


def date_copies(text):
    """Each short-date `date_format(... "SHORT_DATE_FORMAT" ...)` call, each `datetime.combine(...)` at a day's edge
    (`time.min`/`time.max`) and each `def _morning`: the kernel's `networkhub.dates` does these."""
    found = []
    for match in DATE_FORMAT_CALL.finditer(text):
        call = _call(text, match.end())
        if "SHORT_DATE_FORMAT" in call:
            found.append("date_format(" + " ".join(call.split()))
    for match in COMBINE_CALL.finditer(text):
        call = _call(text, match.end())
        if DAY_EDGE.search(call):
            found.append("datetime.combine(" + " ".join(call.split()))
    found += ["def _morning" for _ in DEF_MORNING.finditer(text)]
    return found


def _token_modules(tree):
    """The names that mean `networkhub.tokens` here, and {local name: step} of its steps imported by name."""
    modules, steps = {"networkhub.tokens"}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "networkhub.tokens":
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module == "networkhub":
            modules.update(alias.asname or alias.name for alias in node.names if alias.name == "tokens")
        elif isinstance(node, ast.ImportFrom) and node.module == "networkhub.tokens":
            steps.update({alias.asname or alias.name: alias.name for alias in node.names if alias.name in TOKEN_STEPS})
    return modules, steps


def _dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def link_bypasses(text):
    """What a module does that only the kernel's e-mailed link view may: each `tokens.lookup/check/check_state`
    call (however `networkhub.tokens` or the function was imported) and each mention of the invalid link page."""
    tree = ast.parse(text)
    modules, steps = _token_modules(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in TOKEN_STEPS and _dotted(func.value) in modules:
                found.append((node.lineno, f"tokens.{func.attr}"))
            elif isinstance(func, ast.Name) and func.id in steps:
                found.append((node.lineno, f"tokens.{steps[func.id]}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and INVALID_PAGE in node.value:
            found.append((node.lineno, INVALID_PAGE))
    return sorted(found)


def _files(suffixes):
    for folder, dirs, names in os.walk(ROOT):
        here = Path(folder)
        dirs[:] = sorted(
            name for name in dirs if not name.startswith(".") and not (here == ROOT and name in SKIPPED_DIRS)
        )
        for name in sorted(names):
            path = here / name
            if path.suffix in suffixes:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def _templates():
    return [(relative, text) for relative, text in _files({".html", ".txt"}) if "templates" in relative.split("/")]


def _literal_dates():
    found = Counter()
    for relative, text in [*_files({".py"}), *_templates()]:
        for literal in literal_date_formats(text):
            found[(relative, literal)] += 1
    return found


def _is_wraps(decorator):
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(call, ast.Name) and call.id == "wraps") or (
        isinstance(call, ast.Attribute) and call.attr == "wraps"
    )


def view_decorators(text):
    """The names of the functions that wrap a view: decorated with `wraps(...)`, first argument `request`."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(map(_is_wraps, node.decorator_list)):
            arguments = [*node.args.posonlyargs, *node.args.args]
            if arguments and arguments[0].arg == "request":
                found.append(node.name)
    return found


def _view_decorator_modules():
    """{path: [wrapper names]} for every Python file of the apps and the kernel (tests and tools aside)."""
    found = {}
    for folder, dirs, names in os.walk(ROOT):
        here = Path(folder)
        dirs[:] = sorted(
            name
            for name in dirs
            if not name.startswith(".")
            and name not in {"node_modules", "migrations", "__pycache__"}
            and not (here == ROOT and name in SKIPPED_DIRS - {KERNEL} | {"tools"})
        )
        for name in sorted(names):
            if name.endswith(".py"):
                path = here / name
                wrappers = view_decorators(path.read_text(encoding="utf-8"))
                if wrappers:
                    found[path.relative_to(ROOT).as_posix()] = wrappers
    return found


# The scanners themselves, on synthetic text: each must be able to fail.


def test_the_view_decorator_scanner_finds_wrapped_views_and_not_other_wrappers():
    text = """
import functools
from functools import wraps

def only_funders(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)
    return wrapper

def gate(view):
    @functools.wraps(view)
    async def guarded(request, pk):
        return await view(request, pk)
    return guarded

def item(compute):
    @wraps(compute)
    def run(project, as_of=None):
        return compute(project)
    return run

def plain(request):
    return None
"""
    assert view_decorators(text) == ["wrapper", "guarded"]


def test_the_badge_scanner_finds_each_inline_form_and_not_the_tag():
    text = """
    <span class="badge bg-success">ok</span>
    <span class="fw-bold badge text-bg-danger">late</span>
    <a class="badge rounded-pill" href="#">tag</a>
    <span class='badge'>x</span>
    {% status_badge report.status report.get_status_display %}
    <span class="status-badge status-info">fine</span>
    """
    assert inline_badges(text) == [2, 3, 4, 5]
    assert inline_badges('{% status_badge "best" best tone="success" %} <span class="status-badge">') == []


def test_the_table_scanner_finds_hand_written_tables_and_not_the_tag():
    text = """
    <div class="table-responsive">
    <table class="table align-middle table-stack">
      <caption class="visually-hidden">{% translate "Ideas" %}</caption>
    </table>
    </div>
    <div class="table-responsive"><TABLE>
    <table>
    """
    assert hand_written_tables(text) == [2, 3, 7, 8]
    tag = """
    {% table caption=_("Ideas") caption_hidden=True stack=True classes="align-middle" %}
      <thead><tr><th scope="col">{% translate "Idea" %}</th></tr></thead>
      <tbody><tr><td data-label="{% translate 'Table' %}">{{ idea.table }}</td></tr></tbody>
    {% endtable %}
    """
    assert hand_written_tables(tag) == []


def test_the_date_scanner_finds_literal_formats_and_not_format_settings():
    text = """
    {{ event.date|date:"Y-m-d" }} {{ start|time:'H:i' }} {{ day|date:"j.n." }}
    {{ event.date|date:"SHORT_DATE_FORMAT" }} {{ start|time:"TIME_FORMAT" }} {{ day|date }}
    stamp = now.strftime("%Y%m%d")
    formats.date_format(day, "SHORT_DATE_FORMAT")
    """
    assert sorted(literal_date_formats(text)) == sorted(
        ['|date:"Y-m-d"', "|time:'H:i'", '|date:"j.n."', 'strftime("%Y%m%d")']
    )


def test_the_scan_sees_the_templates_and_the_apps_but_not_the_kernel():
    templates = {relative for relative, _ in _templates()}
    code = {relative for relative, _ in _files({".py"})}
    assert "templates/base.html" in templates
    assert "reports/review_views.py" in code
    assert not any(relative.startswith(f"{KERNEL}/") or relative.startswith("tests/") for relative in code)


def test_the_date_copy_scanner_finds_formatters_day_edges_and_mornings():
    text = """
    return formats.date_format(value, "SHORT_DATE_FORMAT")
    day = formats.date_format(
        timezone.localdate(start),
        'SHORT_DATE_FORMAT',
    )
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), zone)
    start = dt.datetime.combine(day, dt.time.max)
    stamp = datetime.combine(day, datetime.min.time())
    def _morning(day):
        pass
    ok = formats.date_format(value, "DATE_FORMAT")
    noon = timezone.make_aware(datetime.combine(day, time(12)))
    shown = short_date(value)
    edge = start_of_day_after(day)
    """
    assert date_copies(text) == [
        'date_format(value, "SHORT_DATE_FORMAT")',
        "date_format(timezone.localdate(start), 'SHORT_DATE_FORMAT', )",
        "datetime.combine(day + timedelta(days=1), time.min)",
        "datetime.combine(day, dt.time.max)",
        "datetime.combine(day, datetime.min.time())",
        "def _morning",
    ]


def test_the_link_scanner_finds_the_old_ways_and_not_the_base_view():
    old = """
from django.shortcuts import render
from networkhub import tokens
import networkhub.tokens as link_tokens
from networkhub.tokens import check as check_link, consume

def invitation(request, token):
    try:
        link = tokens.lookup(token, TokenPurpose.INVITATION)
        if request.method == "GET":
            tokens.check_state(link, timezone.now())
    except tokens.TokenInvalid as error:
        return render(request, "networkhub/link_invalid.html", {"reason": error.message}, status=410)

def feed(request, token):
    link = tokens.check(token, TokenPurpose.CALENDAR_FEED)
    other = link_tokens.lookup(token, "x")
    again = check_link(token, "x")
    consume(link)
    tokens.mark_opened(link)
    tokens.issue("x", link)
    INVALID = "networkhub/link_invalid.html"
"""
    assert link_bypasses(old) == [
        (9, "tokens.lookup"),
        (11, "tokens.check_state"),
        (13, INVALID_PAGE),
        (16, "tokens.check"),
        (17, "tokens.lookup"),
        (18, "tokens.check"),
        (22, INVALID_PAGE),
    ]
    new = """
from networkhub import tokens
from networkhub.links import EmailedLinkView

class SurveyView(EmailedLinkView):
    purpose = TokenPurpose.PULSE
    target_model = PulseRecipient

    def post(self, request, link, recipient):
        try:
            services.answer(link, ratings)
        except tokens.TokenInvalid as error:
            return self.invalid(request, error)
        return render(request, "pulse/thanks.html", {})

def check(value):
    return lookup(value).check()
"""
    assert link_bypasses(new) == []


# The repository.


def test_the_view_decorator_scan_sees_the_apps_and_the_kernel():
    found = _view_decorator_modules()
    assert ACCESS_MODULE in found
    assert "projects/access.py" in found


def test_only_the_core_access_module_defines_view_decorators():
    found = set(_view_decorator_modules()) - {ACCESS_MODULE}
    assert found <= KNOWN_VIEW_DECORATORS, (
        f"Gate views with the decorators of {ACCESS_MODULE} (project_view, coordinator_view, role_view), "
        f"not a decorator of their own: {sorted(found - KNOWN_VIEW_DECORATORS)}"
    )
    assert found == KNOWN_VIEW_DECORATORS, f"Remove from KNOWN_VIEW_DECORATORS: {sorted(KNOWN_VIEW_DECORATORS - found)}"


def test_no_template_writes_a_badge_inline():
    found = [f"{relative}:{line}" for relative, text in _templates() for line in inline_badges(text)]
    assert not found, "Use {% status_badge %} (networkhub/templatetags/status_tags.py):\n" + "\n".join(found)


def test_no_template_writes_a_table_by_hand():
    found = [
        f"{relative}:{line}"
        for relative, text in _templates()
        if relative != TABLE_TEMPLATE and relative not in KNOWN_PLAIN_TABLES
        for line in hand_written_tables(text)
    ]
    assert not found, "Write a table with {% table %} (networkhub/templatetags/tables.py):\n" + "\n".join(found)


def test_the_table_exceptions_still_write_tables():
    """The kernel's table template is seen by the scan, and a converted PDF leaves KNOWN_PLAIN_TABLES."""
    templates = dict(_templates())
    assert hand_written_tables(templates[TABLE_TEMPLATE])
    gone = [relative for relative in KNOWN_PLAIN_TABLES if not hand_written_tables(templates.get(relative, ""))]
    assert not gone, f"Remove from KNOWN_PLAIN_TABLES: {gone}"


def test_no_literal_date_format_outside_the_kernel_but_the_known_exceptions():
    known = {(relative, literal): count for relative, literal, count in KNOWN_LITERAL_DATES}
    found = _literal_dates()
    new = {key: count for key, count in found.items() if count > known.get(key, 0)}
    assert not new, (
        'Format dates with a format setting (|date:"SHORT_DATE_FORMAT", formats.date_format), '
        f"not a literal format outside {KERNEL}/: {new}"
    )


def test_each_known_exception_still_exists():
    """When a listed place is converted, it must leave the list too: the list only shrinks."""
    found = _literal_dates()
    gone = [
        (relative, literal, count)
        for relative, literal, count in KNOWN_LITERAL_DATES
        if found[(relative, literal)] != count
    ]
    assert not gone, f"Remove or correct these in KNOWN_LITERAL_DATES: {gone}"


def test_dates_are_formatted_and_days_bounded_by_the_kernel_only():
    found = [
        (relative, copy)
        for relative, text in _files({".py"})
        for copy in date_copies(text)
        if (relative, copy) not in KNOWN_DATE_COPIES
    ]
    assert not found, (
        "Use networkhub.dates (short_date, local_date, start_of_day, start_of_day_after, morning), "
        f"not a copy outside {KERNEL}/: {found}"
    )


def test_each_known_date_copy_still_exists():
    """The list of justified copies only shrinks: a converted place leaves it."""
    found = {(relative, copy) for relative, text in _files({".py"}) for copy in date_copies(text)}
    assert found >= KNOWN_DATE_COPIES, f"Remove these from KNOWN_DATE_COPIES: {KNOWN_DATE_COPIES - found}"


def test_emailed_link_pages_go_through_the_kernels_base_view():
    found = [
        f"{relative}:{line} {what}"
        for relative, text in _files({".py"})
        if not relative.endswith(f"/{LINK_SEEDERS}")
        for line, what in link_bypasses(text)
    ]
    found += [
        f"{relative}:{line} {INVALID_PAGE}"
        for relative, text in _templates()
        for line, row in enumerate(text.splitlines(), 1)
        if INVALID_PAGE in row
    ]
    assert not found, (
        "A page reached from an e-mailed link is a networkhub.links.EmailedLinkView (purpose, target, hooks); "
        "it looks the token up, checks it and shows the invalid link page:\n" + "\n".join(found)
    )


def test_the_link_scan_sees_the_link_views_and_a_seeder():
    code = dict(_files({".py"}))
    for view in ("commitments/views/signing.py", "meetings/views/links.py", "pulse/views.py"):
        assert "EmailedLinkView" in code[view]
    assert link_bypasses(code["commitments/demo.py"])  # the seeder acting as the signer: allowed, and seen
