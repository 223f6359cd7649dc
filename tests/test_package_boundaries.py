"""How the package's modules depend on each other: no import cycles, and the hand-written modules
use the generated `Client` through its public face only (it is regenerated, never edited)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import attrs
import nami_client
from nami_client.client import Client

from tests.paths import ROOT

PACKAGE = Path(nami_client.__file__).parent
HOOK = ROOT / "generator" / "hook"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(tree: ast.AST, *, typing_only: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that runs: at the top, in functions; with `typing_only`, those under
    `if TYPE_CHECKING:` too."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and _is_type_checking(child) and not typing_only:
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        yield from _imports(child, typing_only=typing_only)


def _import_graph(*, typing_only: bool = False) -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports (with `typing_only`,
    also those it imports for typing only)."""
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        imported: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8")), typing_only=typing_only):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
                continue
            base = ".".join([*here[: len(here) - node.level + 1], node.module or ""]) if node.level else node.module
            base = (base or "").rstrip(".")
            for alias in node.names:  # `from . import errors` imports the module errors
                imported.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in paths else base)
        graph[name] = {module for module in imported if module in paths and module != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or not (Tarjan's strongly connected components)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in graph[module]:
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(group) > 1:
                groups.append(sorted(group))

    for module in graph:
        if module not in order:
            visit(module)
    return groups


def test_the_package_has_no_import_cycles() -> None:
    """None at run time; for type checkers, only the error and the report that refer to each other
    (an error that stopped a run carries its report, a failed order of the report its error)."""
    graph = _import_graph()
    assert {"nami_client.orders", "nami_client.error_types", "nami_client.api.spot.delete_all_orders"} <= set(graph)
    assert _cycles(graph) == []
    assert _cycles(_import_graph(typing_only=True)) == [["nami_client.cancel_report", "nami_client.error_types"]]


def test_imports_for_typing_only_are_found_when_asked() -> None:
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import report\n")
    assert [len(list(_imports(tree, typing_only=typing_only))) for typing_only in (False, True)] == [1, 2]


def test_the_errors_import_only_leaves_of_the_package() -> None:
    """`error_types` is under everything that raises: of the package, it imports (even for typing
    only) nothing but modules that import nothing of the package themselves at run time: the report
    an error carries (`cancel_report`), the code names, the `Retry-After` reader."""
    imported = _import_graph(typing_only=True)["nami_client.error_types"]
    at_run_time = _import_graph()
    assert {"nami_client.cancel_report", "nami_client.codes"} <= imported
    assert {module: sorted(at_run_time[module]) for module in imported if at_run_time[module]} == {}


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_hook_modules_read_no_private_attribute_of_the_generated_client() -> None:
    """Not `client._httpx_args` and the like, nor `self._...` of them in a subclass of `Client`."""
    private = {field.name for field in attrs.fields(Client) if field.name.startswith("_")}
    assert "_httpx_args" in private
    clients = {"Client", "SignedClient", "RaisingClient"}
    found = []
    for path in sorted(HOOK.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        subclass_bodies = {
            id(node)
            for cls in ast.walk(tree)
            if isinstance(cls, ast.ClassDef) and {getattr(base, "id", None) for base in cls.bases} & clients
            for node in ast.walk(cls)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or node.attr not in private:
                continue
            on_self = isinstance(node.value, ast.Name) and node.value.id == "self"
            if not on_self or id(node) in subclass_bodies:
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert found == []


def test_hook_modules_call_no_private_function_of_the_generated_endpoints() -> None:
    """Not `get_open_orders._get_kwargs`: the endpoint template's `request_kwargs` is the public way."""
    endpoints = {path.stem for path in (PACKAGE / "api" / "spot").glob("*.py") if path.stem != "__init__"}
    assert {"get_open_orders", "delete_all_orders"} <= endpoints
    found = [
        f"{path.name}:{node.lineno} {node.value.id}.{node.attr}"
        for path in sorted(HOOK.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in endpoints
        and node.attr.startswith("_")
    ]
    assert found == []
