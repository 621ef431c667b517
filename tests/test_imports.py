"""The package's import graph: no cycle among policycheck's modules, counting imports inside
functions (they still run); `if TYPE_CHECKING:` imports do not run and do not count.

Imports inside functions are allowed only for start-up time: heavy third-party libraries and
command bodies (the CLI loads every command module; each imports its domain when it runs).
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "policycheck"
# Where an import inside a function is allowed: command bodies, and the one place each heavy
# library or late-bound module is loaded.
LAZY_OK = {"policycheck/commands/", "policycheck/cli.py"}
# Modules that may be imported inside a function anywhere: the gateway to PyGithub, which a run
# loads only when it goes online (it pulls in hashlib, subprocess and the git module).
LAZY_TARGETS = {"policycheck.sources.github", "policycheck.sources.github.GitHubClient"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, bool]]:
    """(imported policycheck module, inside a function) for every import that runs."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, inner) for alias in child.names if alias.name.startswith("policycheck"))
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(child, module, is_package)
                if base.startswith("policycheck"):
                    found.append((base, inner))
                    found.extend((f"{base}.{alias.name}", inner) for alias in child.names)
            visit(child, inner)

    visit(tree, False)
    return found


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, _ in _imports(tree, name, path.name == "__init__.py"):
            if target in modules and target != name:
                edges[name].add(target)
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None (iterative depth-first search)."""
    state: dict[str, int] = {}
    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(edges[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(edges[nxt])))
    return None


def test_the_package_has_no_import_cycle() -> None:
    assert find_cycle(graph()) is None, " -> ".join(find_cycle(graph()) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_imports_of_own_modules_inside_functions_are_only_where_they_buy_start_up_time() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        if any(relative.startswith(allowed) for allowed in LAZY_OK):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lazy = sorted({target for target, inside in _imports(tree, module_name(path), path.name == "__init__.py")
                       if inside and target not in LAZY_TARGETS})
        if lazy:
            offenders.append(f"{relative}: {', '.join(lazy)}")
    assert offenders == []
