"""The package's front door: what `import nami_client`, `help()` and its README give a service
developer, and that it installs and imports with exactly the dependencies it declares."""

from __future__ import annotations

import ast
import importlib.metadata
import pydoc
import re
import subprocess
import sys
from pathlib import Path

import nami_client

from tests.installed import PACKAGE_DIR, declared_dependencies, extra_dependencies
from tests.paths import ROOT

SIGNED_PATH = ["signed_client", "RaisingClient", "NamiAuth", "Retry", "call_timeout", "SpecViolation"]
ERRORS = [
    "NamiError",
    "ApiError",
    "BrokerError",
    "AuthenticationError",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "SigningError",
    "UnexpectedStatus",
    "DeadlineExceeded",
    "InvalidRequestError",
    "InvalidResponseError",
    "RedirectError",
    "ResponseTooLargeError",
]


def test_the_signed_path_and_every_error_come_from_the_package() -> None:
    for name in [*SIGNED_PATH, *ERRORS, "__version__", "SPEC_SHA256"]:
        assert name in nami_client.__all__, name
        assert getattr(nami_client, name) is not None
    from nami_client import errors, factory

    assert nami_client.signed_client is factory.signed_client
    assert all(getattr(nami_client, name) is getattr(errors, name) for name in ERRORS)


def test_help_shows_where_to_start_and_what_is_raised() -> None:
    text = pydoc.render_doc(nami_client, renderer=pydoc.TextDoc())
    assert "signed_client(api_key=API_KEY, api_secret=API_SECRET)" in text
    assert "delete_all_orders.sync(client=client, body=body)" in text
    for name in [*SIGNED_PATH, *ERRORS]:
        assert name in text, name
    assert "AuthenticatedClient(token" not in text


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, re.DOTALL)


def test_the_package_readme_is_written_for_a_service_developer() -> None:
    readme = (PACKAGE_DIR / "README.md").read_text(encoding="utf-8")
    for section in ("## Install", "## Cancel orders", "### Async", "## Errors", "## Retries", "## Timeouts"):
        assert section in readme, section
    assert "## What the signature covers" in readme and "not which orders" in readme
    for boilerplate in ("MyDataModel", "my_tag", "AuthenticatedClient", "SuperSecretToken"):
        assert boilerplate not in readme
    blocks = _python_blocks(readme)
    assert len(blocks) >= 5
    for block in blocks:
        tree = ast.parse(block)  # every example is Python
        imports: list[ast.stmt] = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
        exec(compile(ast.Module(body=imports, type_ignores=[]), "<README>", "exec"), {})


def test_the_repository_readme_links_to_the_package_readme_instead_of_repeating_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(generated_client/README.md)" in readme
    assert "### Retries" not in readme and "| `BrokerError` |" not in readme


def _third_party_imports(package: Path, *, skip: str | None = None) -> set[str]:
    """The top-level names of every absolute import in the package that is not the standard library's."""
    names: set[str] = set()
    for module in package.rglob("*.py"):
        if skip is not None and module.is_relative_to(package / skip):
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
    return names - set(sys.stdlib_module_names) - {"__future__", package.name}


def _distribution(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match is not None, requirement
    return match.group(0).lower().replace("_", "-")


def test_every_module_the_package_imports_is_a_declared_dependency() -> None:
    declared = {_distribution(requirement) for requirement in declared_dependencies()}
    providers = importlib.metadata.packages_distributions()
    imported = _third_party_imports(PACKAGE_DIR / "nami_client", skip="testing")
    assert {"httpx", "attrs", "anyio"} <= imported  # the scan sees them
    for name in sorted(imported):
        assert {_distribution(dist) for dist in providers.get(name, [name])} & declared, f"{name} is not declared"
    # nami_client.testing: the `testing` extra; pytest loads the plugin, so it is there when the plugin is.
    declared |= {_distribution(requirement) for requirement in extra_dependencies("testing")} | {"pytest"}
    kit = _third_party_imports(PACKAGE_DIR / "nami_client" / "testing") - {"nami_client"}
    assert {"starlette", "uvicorn", "jsonschema_rs"} <= kit
    for name in sorted(kit):
        assert {_distribution(dist) for dist in providers.get(name, [name])} & declared, f"{name} is not declared"


def test_importing_the_package_never_imports_the_testing_kit() -> None:
    script = (
        "import sys, nami_client, nami_client.orders, nami_client.api.spot.delete_all_orders\n"
        "kit = ('starlette', 'uvicorn', 'jsonschema_rs', 'pytest')\n"
        "loaded = [m for m in sys.modules if m.partition('.')[0] in kit]\n"
        "print(sorted(m for m in sys.modules if m.startswith('nami_client.testing')), loaded)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["[]", "[]"]


def test_the_wheel_imports_every_module_with_only_its_declared_dependencies(installed_python: Path) -> None:
    # Without the `testing` extra: every module but the kit's imports; the kit's entry says what to install.
    script = (
        "import importlib, pkgutil, nami_client\n"
        "names = [m.name for m in pkgutil.walk_packages(nami_client.__path__, 'nami_client.')]\n"
        "names = [n for n in names if not n.startswith('nami_client.testing.')]\n"
        "for name in names: importlib.import_module(name)\n"
        "try:\n"
        "    from nami_client.testing import MockExchange\n"
        "except ImportError as error:\n"
        "    assert 'pip install \"nami-client[testing]\"' in str(error), error\n"
        "import importlib.metadata as metadata\n"
        "requires = [r for r in metadata.requires('nami-client') if 'extra ==' not in r]\n"
        "print(len(names) + 1, nami_client.__version__, *sorted(requires))\n"
    )
    run = subprocess.run([installed_python, "-I", "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    modules = [m for m in (PACKAGE_DIR / "nami_client").rglob("*.py") if "testing" not in m.parts]
    count, version, *requires = run.stdout.split()
    assert (int(count), version) == (len(modules) + 1, nami_client.__version__)  # and nami_client.testing
    assert sorted(map(_distribution, requires)) == sorted(map(_distribution, declared_dependencies()))
    pip_list = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(installed_python), "list", "--format=freeze"],
        capture_output=True,
        text=True,
    )
    installed = {_distribution(line) for line in pip_list.stdout.splitlines()}
    assert "nami-client" in installed
    assert not installed & {"pytest", "jsonschema", "starlette"}  # a clean environment, not this one


def test_the_wheel_installs_the_nami_client_command(installed_python: Path) -> None:
    command = installed_python.parent / "nami-client"
    run = subprocess.run([command, "--help"], capture_output=True, text=True, timeout=60, env={"PATH": ""})
    assert run.returncode == 0, run.stderr[-2000:]
    assert "cancel-all" in run.stdout and "open-orders" in run.stdout
