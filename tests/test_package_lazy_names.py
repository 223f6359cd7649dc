"""`import nami_client` loads a public name's module on first use (PEP 562), yet type checkers, `dir`,
`help` and `from nami_client import *` see every name as if it were imported up front."""

from __future__ import annotations

import ast
import subprocess
import sys

import nami_client

from tests.paths import ROOT

INIT = ROOT / "generated_client" / "nami_client" / "__init__.py"


def _type_checking_imports() -> dict[str, str]:
    """Each name the `if TYPE_CHECKING:` block imports, and the module it imports it from."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    return {
        alias.name: str(node.module) for node in block.body if isinstance(node, ast.ImportFrom) for alias in node.names
    }


def test_each_lazy_name_has_the_home_type_checkers_are_told() -> None:
    homes = nami_client._HOMES
    assert homes == _type_checking_imports()
    assert set(nami_client.__all__) == {*homes, "SPEC_SHA256", "__version__"}


def test_every_public_name_is_the_object_of_its_module() -> None:
    homes = nami_client._HOMES
    for name, home in homes.items():
        module = __import__(f"nami_client.{home}", fromlist=[name])
        assert getattr(nami_client, name) is getattr(module, name), name
    assert set(nami_client.__all__) <= set(dir(nami_client))


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        nami_client.signed_clint  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "signed_clint" in str(exc)
    else:
        raise AssertionError("an unknown name was found")


def test_importing_the_package_or_the_mock_loads_no_client_module_up_front() -> None:
    """The mock and the contract harness import `nami_client.testing`'s modules: they pay for httpx
    only through what they use (signing), not for the client, the models and `cancel_all`."""
    code = (
        "import sys, nami_client, nami_client.testing.json_pointer\n"
        "loaded = [m for m in ('httpx', 'nami_client.client', 'nami_client.orders', 'nami_client.models')"
        " if m in sys.modules]\n"
        "from nami_client import *\n"
        "print(loaded, callable(signed_client), 'nami_client.orders' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["[]", "True", "True"]


def test_the_harness_s_hooks_and_the_signing_recipe_load_no_httpx() -> None:
    """The contract harness's Schemathesis process signs with the recipe and judges with the errors'
    names, and sends through `requests`: importing httpx there cost 0.05 s a run."""
    code = (
        "import sys, nami_client.signing_recipe, nami_client.testing.signatures, nami_client.error_types\n"
        "import tools.contract.hooks\n"
        "print('httpx' in sys.modules)\n"
        "from nami_client.errors import UnexpectedStatus\n"
        "print(UnexpectedStatus(418, b'{}', {'x-a': '1'}).headers['x-a'], 'httpx' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.split() == ["False", "1", "True"]
