"""tools/check_layers.py: strings naming a model or a URL of a higher app fail CI like an upward import."""

import subprocess
import sys
import textwrap
from pathlib import Path

from tools import check_layers

PYPROJECT = """
[tool.importlinter]
root_packages = ["kernel", "core", "alpha", "beta", "top"]

[[tool.importlinter.contracts]]
id = "layers"
name = "layers"
type = "layers"
layers = ["top", "alpha | beta", "core", "kernel"]
"""


def _write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def _tree(tmp_path):
    _write(tmp_path, "pyproject.toml", PYPROJECT)
    _write(tmp_path, "top/urls.py", 'app_name = "top"\n')
    _write(tmp_path, "alpha/urls.py", 'app_name = "alpha"\n')
    _write(tmp_path, "beta/public_urls.py", 'app_name = "beta_links"\n')
    _write(tmp_path, "core/urls.py", 'app_name = "core"\n')
    return tmp_path


def test_a_string_naming_a_higher_or_sibling_app_is_found_and_a_lower_one_is_not(tmp_path):
    root = _tree(tmp_path)
    _write(
        root,
        "kernel/models.py",
        """
        project = models.ForeignKey("core.Project", on_delete=models.CASCADE)
        when = "12:30"  # not a URL name: no app's namespace
        """,
    )
    _write(root, "core/views.py", 'redirect("top:home")\nreverse("core:list")\n')
    _write(root, "alpha/models.py", 'goal = models.ForeignKey("core.Goal", on_delete=models.CASCADE)\n')
    _write(root, "alpha/views.py", "reverse('beta_links:reply')\n")
    _write(root, "alpha/migrations/0001_initial.py", 'to="top.Thing"\n')
    _write(root, "templates/beta/page.html", '<a href="{% url "alpha:list" %}">x</a> {% url "core:list" %}\n')
    _write(root, "templates/base.html", '{% url "top:home" %}\n')

    found = {(finding.path, finding.kind, finding.name) for finding in check_layers.findings(root)}

    assert found == {
        ("kernel/models.py", "model", "core.Project"),
        ("core/views.py", "url", "top:home"),
        ("alpha/views.py", "url", "beta_links:reply"),
        ("templates/beta/page.html", "url", "alpha:list"),
    }


def test_known_entries_are_excused_and_stale_ones_reported(tmp_path):
    root = _tree(tmp_path)
    _write(root, "core/views.py", 'redirect("top:home")\nredirect("alpha:list")\n')
    known = {("core/views.py", "url", "top:home"), ("core/gone.py", "model", "top.Gone")}

    new, stale = check_layers.check(root, known)

    assert [(finding.path, finding.name) for finding in new] == [("core/views.py", "alpha:list")]
    assert stale == [("core/gone.py", "model", "top.Gone")]


def test_this_repository_has_no_unknown_upward_string():
    result = subprocess.run(
        [sys.executable, "tools/check_layers.py"],
        cwd=Path(check_layers.__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
