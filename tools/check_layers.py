"""The layers for what import-linter cannot see: strings that name a model ("app.Model") or a URL ("ns:name").

import-linter (`[tool.importlinter]` in pyproject.toml) fails on an import that points up. A model that
names `"projects.Project"` by string, or a template that reverses `"reports:list"`, ties an app to
another just as firmly, and the migrations or the URL resolver find out only at run time. This check
reads the same layer order from the "layers" contract and fails on any such string in an app's Python
files (migrations excepted: they record history) or in its templates (`templates/<app>/`), when it names
an app above it or a sibling in its own layer.

Templates outside an app's folder (the base layout, error pages, e-mails) and `config/` are the
composition root: they may name anything.

Run: `python tools/check_layers.py` (exit 1 and one line per finding when the layers are broken);
`--list` prints every finding in the form of a KNOWN entry.
"""

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODEL_STRING = re.compile(r"""["']([a-z_]+)\.([A-Z][A-Za-z0-9]*)["']""")
URL_STRING = re.compile(r"""["']([a-z_]+):([a-z_0-9]+)["']""")
APP_NAME = re.compile(r"""^app_name\s*=\s*["']([a-z_]+)["']""", re.MULTILINE)

# Strings that still point up, each with the work that will remove it. The check fails on any other
# finding, and also when one of these no longer occurs, so the list only shrinks. Empty: keep it so.
KNOWN = set()


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    kind: str
    name: str
    source_app: str
    target_app: str

    def key(self):
        return (self.path, self.kind, self.name)

    def __str__(self):
        what = "model" if self.kind == "model" else "URL"
        where = f"{self.path}: {self.source_app}"
        return f"{where} names the {what} {self.name!r} of {self.target_app}, which is not below it"


def layer_ranks(pyproject):
    """{app: rank}, 0 for the bottom layer; siblings (`a | b`) share a rank."""
    contracts = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]["contracts"]
    layers = next(contract["layers"] for contract in contracts if contract["id"] == "layers")
    ranks = {}
    for rank, layer in enumerate(reversed(layers)):
        for app in layer.split("|"):
            ranks[app.strip()] = rank
    return ranks


def url_namespaces(root, ranks):
    """{namespace: app} from the `app_name` of every URL module of the layered apps."""
    owners = {}
    for app in ranks:
        for module in (root / app).rglob("*urls*.py"):
            match = APP_NAME.search(module.read_text())
            if match:
                owners[match.group(1)] = app
    return owners


def _files(root, app):
    for path in sorted((root / app).rglob("*.py")):
        if "migrations" not in path.relative_to(root).parts:
            yield path
    yield from sorted((root / "templates" / app).rglob("*.*"))


def _points_up(source, target, ranks):
    return target != source and ranks[target] >= ranks[source]


def findings(root=ROOT):
    ranks = layer_ranks(root / "pyproject.toml")
    namespaces = url_namespaces(root, ranks)
    found = set()
    for app in ranks:
        for path in _files(root, app):
            text = path.read_text(errors="replace")
            relative = path.relative_to(root).as_posix()
            for label, model in MODEL_STRING.findall(text):
                if label in ranks and _points_up(app, label, ranks):
                    found.add(Finding(relative, "model", f"{label}.{model}", app, label))
            for namespace, name in URL_STRING.findall(text):
                owner = namespaces.get(namespace)
                if owner is not None and _points_up(app, owner, ranks):
                    found.add(Finding(relative, "url", f"{namespace}:{name}", app, owner))
    return sorted(found)


def check(root=ROOT, known=KNOWN):
    """(new findings, known entries that no longer occur)."""
    found = findings(root)
    keys = {finding.key() for finding in found}
    new = [finding for finding in found if finding.key() not in known]
    stale = sorted(entry for entry in known if entry not in keys)
    return new, stale


def main():
    if "--list" in sys.argv:
        # Every finding as a KNOWN entry, for taking stock after a move (the list is meant to shrink).
        for finding in findings():
            print(f"    {finding.key()!r},")
        return 0
    new, stale = check()
    for finding in new:
        print(finding)
    for path, kind, name in stale:
        print(f"{path}: {name!r} ({kind}) is listed in tools/check_layers.py KNOWN but no longer occurs: remove it")
    if new or stale:
        return 1
    print("Layer strings: no model or URL name points up.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
