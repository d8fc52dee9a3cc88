"""The package's import graph, read from the source with ``ast`` (nothing is imported): no
cycles anywhere in ``qiwi_merchant``, the Django app layered bottom up (a module imports only
from lower layers, function-level imports included), and no private name imported from a
sibling module of the app."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Optional, Set

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "python" / "qiwi_merchant"
APP = "qiwi_merchant.django"

#: The Django app's layers, bottom up: settings and the configured core objects; outbound HTTP;
#: the tables; the database state (no I/O); the I/O modules; the entry points.
LAYERS: List[Set[str]] = [
    {"conf", "signals"},
    {"transport"},
    {"models", "migrations.0001_initial", "migrations.0002_settlement_engine"},
    {"services"},
    {"payouts", "cqr_client"},
    {
        "views",
        "admin",
        "checks",
        "management.commands.qiwi_merchant_reprocess",
        "management.commands.qiwi_merchant_selftest",
    },
    {"urls", "apps"},
]


def module_files() -> Dict[str, Path]:
    """Every module of the package by dotted name (packages by their ``__init__``); the Rust
    extension by its stub (a leaf: it imports the package's modules only when called)."""
    out = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")) + sorted(PACKAGE_DIR.rglob("*.pyi")):
        parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.setdefault(".".join(parts), path)
    return out


MODULES = module_files()


def _resolve(name: str) -> Optional[str]:
    """The module a dotted name lives in (the longest prefix that is a module)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def imports_of(module: str) -> Dict[str, Set[str]]:
    """The package's modules ``module`` imports (anywhere in it), each with the names taken."""
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: Dict[str, Set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _resolve(alias.name)
                if target:
                    found.setdefault(target, set())
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if not source.startswith("qiwi_merchant"):
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in MODULES:  # `from . import services`: the module itself
                    found.setdefault(submodule, set())
                else:
                    target = _resolve(source)
                    if target:
                        found.setdefault(target, set()).add(alias.name)
    found.pop(module, None)
    return found


GRAPH = {m: {} if MODULES[m].suffix == ".pyi" else imports_of(m) for m in MODULES}


def test_the_graph_is_read() -> None:
    assert {"qiwi_merchant.cqr", "qiwi_merchant._core"} <= set(GRAPH["qiwi_merchant"])
    assert set(GRAPH[f"{APP}.payouts"]) >= {f"{APP}.conf", f"{APP}.services", f"{APP}.transport"}
    # function-level imports count too
    assert f"{APP}.checks" in GRAPH[f"{APP}.apps"]


def find_cycle(graph: Dict[str, Dict[str, Set[str]]]) -> Optional[List[str]]:
    """One import cycle as a path (first module repeated at the end), or None."""
    state: Dict[str, int] = {}  # 1 on the stack, 2 done
    stack: List[str] = []

    def visit(m: str) -> Optional[List[str]]:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, {})):
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state:
                cycle = visit(n)
                if cycle:
                    return cycle
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            cycle = visit(m)
            if cycle:
                return cycle
    return None


def test_no_import_cycle_in_the_package() -> None:
    assert find_cycle(GRAPH) is None, " -> ".join(find_cycle(GRAPH) or [])


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b": set()}, "b": {"c": set()}, "c": {"a": set()}, "d": {}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": set()}, "b": {}}) is None


def layer_of(module: str) -> int:
    local = module[len(APP) + 1:]
    for i, layer in enumerate(LAYERS):
        if local in layer:
            return i
    raise AssertionError(f"{module} is in no layer of LAYERS: place it")


APP_MODULES = sorted(m for m, p in MODULES.items() if m.startswith(APP + ".") and p.name != "__init__.py")


@pytest.mark.parametrize("module", APP_MODULES)
def test_app_layering(module: str) -> None:
    """The app's modules import only from lower layers, and no private name of a sibling."""
    mine = layer_of(module)
    for target, names in GRAPH[module].items():
        if not target.startswith(APP + ".") or MODULES[target].name == "__init__.py":
            continue
        assert layer_of(target) < mine, f"{module} (layer {mine}) imports {target} (layer {layer_of(target)})"
        private = sorted(n for n in names if n.startswith("_"))
        assert not private, f"{module} imports private names {private} from {target}"
