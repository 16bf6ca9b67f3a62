"""The layers of the package: no module imports itself round a cycle, and storage never reaches up into the
features built on it."""

import ast
import json
import subprocess
import sys
from pathlib import Path

from bot.config import ROOT

PACKAGES = ("bot", "actions")
FEATURES = ("bot.cases", "bot.console", "bot.directory", "bot.telegram", "bot.staff", "bot.channels")


def modules():
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path, known) -> set:
    """The project's modules ``path`` imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name in known}


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def test_no_module_is_part_of_an_import_cycle():
    known = modules()
    graph = {name: imports(path, known) - {name} for name, path in known.items()}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_importing_storage_loads_none_of_the_features_built_on_it():
    storage = sorted(name for name in modules() if name.startswith("bot.storage."))
    code = ("import json, sys\n" + "".join(f"import {name}\n" for name in storage)
            + "print(json.dumps(sorted(m for m in sys.modules if m.startswith('bot.'))))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                       check=True, env={"PYTHONPATH": str(ROOT)}).stdout)
    assert "bot.storage.tracker_store" in loaded
    assert [name for name in loaded if name.startswith(FEATURES)] == []


def test_storage_names_no_feature_even_inside_a_function():
    known = modules()
    named = {name: sorted(m for m in imports(path, known) if m.startswith(FEATURES))
             for name, path in known.items() if name.startswith("bot.storage.")}
    assert {name: features for name, features in named.items() if features} == {}
