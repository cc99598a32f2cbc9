"""Imports point down: ground <- crawler <- grading <- faces (exports, demo) <- dashboard <- cli.

Walks every module's import statements (top level and inside functions) with ``ast`` and
fails on an arrow to a higher layer, or on a cycle between modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("backlint", "crawler", "grading", "dashboard")
# Lowest first; a module belongs to the first layer one of whose prefixes it starts with.
LAYERS = [
    ("ground", ("backlint.errors", "backlint.settings", "backlint.records", "backlint.urls",
                "backlint.decode", "backlint.text", "backlint.dates", "backlint.store")),
    ("crawler", ("crawler",)),
    ("grading", ("grading",)),
    ("faces", ("backlint.exports", "backlint.explain", "backlint.demo")),
    ("dashboard", ("dashboard",)),
    ("cli", ("backlint.cli", "backlint.__main__")),
]


def layer_of(module: str) -> int:
    if module == "backlint":  # the package itself holds only the version
        return 0
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules that ``module`` imports (``from pkg import sub`` names ``pkg.sub``)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                     for alias in node.names]
        else:
            continue
        out.update(name for name in names if name.split(".")[0] in PACKAGES and name != module)
    # A submodule naming its own package only reaches a sibling through it: not an arrow up.
    return {name for name in out if not module.startswith(name + ".")}


def test_imports_point_down_and_never_round() -> None:
    known = modules()
    graph = {module: imports_of(module, path, known) for module, path in known.items()}
    upward = sorted(f"{module} ({LAYERS[layer_of(module)][0]}) -> {target} ({LAYERS[layer_of(target)][0]})"
                    for module, targets in graph.items() for target in targets
                    if layer_of(target) > layer_of(module))
    assert not upward, "imports that point up:\n" + "\n".join(upward)

    state: dict[str, int] = {}  # 1 on the path being walked, 2 done

    def walk(module: str, path: list[str]) -> list[str] | None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return path + [module, target]
            if target not in state and (cycle := walk(target, path + [module])):
                return cycle
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = walk(module, [])
            assert cycle is None, "an import cycle: " + " -> ".join(cycle[cycle.index(cycle[-1]):])


def test_every_layer_is_known() -> None:
    for module in modules():
        layer_of(module)
