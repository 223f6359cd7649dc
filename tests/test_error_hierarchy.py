"""The error hierarchy is described once, in generator/templates/error_hierarchy.jinja: the classes
must be what it says, and the README, the package docstring and every generated function's "Raises:"
section must be rendered from it."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import jinja2
import nami_client
from nami_client import errors
from nami_client.api.spot import delete_all_orders, get_open_orders

from tests.paths import ROOT

HIERARCHY = jinja2.Environment(
    loader=jinja2.FileSystemLoader(ROOT / "generator" / "templates"), trim_blocks=True, lstrip_blocks=True
).get_template("error_hierarchy.jinja")
ERRORS: list[dict[str, Any]] = HIERARCHY.module.ERRORS  # type: ignore[attr-defined]
BUILTIN = {ValueError, RuntimeError, TypeError, LookupError, OSError}


def exported_errors() -> dict[str, type[BaseException]]:
    return {
        name: value
        for name, value in vars(errors).items()
        if name in errors.__all__ and inspect.isclass(value) and issubclass(value, BaseException)
    }


def test_the_description_names_every_error_once_and_nothing_else() -> None:
    names = [error["name"] for error in ERRORS]
    assert len(names) == len(set(names))
    assert set(names) == set(exported_errors()) - {"NamiError"}


def test_each_error_derives_from_the_parent_and_builtins_the_description_gives() -> None:
    classes = exported_errors()
    for error in ERRORS:
        cls = classes[error["name"]]
        assert classes[error["parent"]] in cls.__bases__, error["name"]
        builtins = {base.__name__ for base in cls.__mro__ if base in BUILTIN}
        assert builtins == ({error["also"]} if "also" in error else set()), error["name"]
        assert error["retried"] in {"yes", "never", "—"}


def test_the_readme_the_package_docstring_and_the_endpoint_docstrings_are_rendered_from_it() -> None:
    readme = (ROOT / "generated_client" / "README.md").read_text(encoding="utf-8")
    assert HIERARCHY.module.readme_table() in readme  # type: ignore[attr-defined]
    assert nami_client.__doc__ is not None
    tree = "    NamiError\n" + HIERARCHY.module.tree("NamiError", 2)  # type: ignore[attr-defined]
    assert tree in nami_client.__doc__
    assert "    RateLimitError\n                BannedError\n" in tree
    for module in (delete_all_orders, get_open_orders):
        for function in (module.sync, module.sync_detailed, module.asyncio, module.asyncio_detailed):
            doc = inspect.cleandoc(function.__doc__ or "")
            raised = {error["name"] for error in ERRORS if error.get("by_calls", True)}
            for name in raised:
                assert f"\n    errors.{name}: " in doc, (function, name)
            assert "errors.RunStopped" not in doc


def test_the_hierarchy_file_is_where_the_error_module_says() -> None:
    source = Path(errors.__file__).with_name("error_types.py").read_text(encoding="utf-8")
    assert "generator/templates/error_hierarchy.jinja" in source
