"""The template overrides (generator/templates/) stay the generator's own templates but for the
changes they exist for, so that a new openapi-python-client cannot silently drift from them."""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

import httpx
import openapi_python_client
from nami_client import signed_client
from nami_client.api.spot import delete_all_orders
from nami_client.client import Client
from nami_client.errors import UnexpectedStatus
from nami_client.factory import RaisingClient, SignedClient

from tests.paths import ROOT

UPSTREAM = Path(openapi_python_client.__file__).parent / "templates"
OVERRIDES = ROOT / "generator" / "templates"


def upstream(name: str) -> str:
    return (UPSTREAM / name).read_text(encoding="utf-8")


def override(name: str) -> str:
    return (OVERRIDES / name).read_text(encoding="utf-8")


def upstream_changed(name: str, changes: dict[str, str]) -> str:
    """The generator's template `name` with each of `changes` (old: new) made, each exactly once."""
    changed = upstream(name)
    for old, new in changes.items():
        assert changed.count(old) == 1, old
        changed = changed.replace(old, new)
    return changed


def test_unexpected_status_is_the_generator_s_own() -> None:
    """The errors override keeps the generator's UnexpectedStatus word for word, only rooted at NamiError
    and reading what every error built from an answer carries (code, code_name, request_id, headers)."""
    block = re.search(r"^class UnexpectedStatus\(Exception\):\n(?:(?:    .*)?\n)+", upstream("errors.py.jinja"), re.M)
    assert block is not None
    ours = (
        block.group(0)
        .rstrip()
        .replace("(Exception)", "(_FromAnswer, NamiError)")
        .replace("content: bytes):", "content: bytes, headers: Mapping[str, str] | None = None):")
        .replace(
            "self.content = content\n",
            "self.content = content\n"
            "        self._read_answer(content, headers)  # code, code_name, request_id, headers\n",
        )
    )
    assert ours in override("errors.py.jinja")
    error = UnexpectedStatus(202, b"body")
    assert (error.status_code, error.content) == (202, b"body")
    assert str(error) == "Unexpected status code: 202\n\nResponse content:\nbody"
    assert (error.code, error.code_name, error.request_id, dict(error.headers)) == (None, None, None, {})
    enveloped = b'{"status":"x","code":6101,"data":{"requestId":"r-1"}}'
    error = UnexpectedStatus(202, enveloped, {"x-a": "1"})
    assert (error.code, error.code_name, error.request_id) == (6101, "NOT_FOUND_ORDER", "r-1")
    assert error.headers["x-a"] == "1"


MARKED = re.compile(r"^\{# nami-override: begin.*?^\{# nami-override: end #\}\n", re.MULTILINE | re.DOTALL)


def test_the_endpoint_module_is_the_generator_s_but_for_docstrings_typed_functions_and_typed_parse_errors() -> None:
    """Outside its marked regions (the typed sync and asyncio, orjson, `request_kwargs`) it differs only in
    the listed lines."""
    changes = {
        "kwargs, parse_response, docstring, body_to_kwarg %}": (
            'kwargs, parse_response, body_to_kwarg %}\n{% from "endpoint_docstring.jinja" import docstring %}'
        ),
        "from ... import errors\n": "from ... import errors\nfrom ...answer_parsing import parse_answer\n",
        "parsed=_parse_response(client=client, response=response),": (
            "parsed=parse_answer(_parse_response, client=client, response=response),"
        ),
        "raise errors.UnexpectedStatus(response.status_code, response.content)": (
            "raise errors.UnexpectedStatus(response.status_code, response.content, response.headers)"
        ),
    }
    changed = upstream_changed("endpoint_module.py.jinja", changes)
    assert len(MARKED.findall(override("endpoint_module.py.jinja"))) == 9
    assert MARKED.sub("", override("endpoint_module.py.jinja")) == changed


def test_the_endpoint_s_parse_response_is_the_generator_s_reading_json_with_orjson() -> None:
    """The override's parse_response is the generator's macro, but for the source it reads from."""
    macro = re.compile(r"^\{% macro parse_response\(.*?^\{% endmacro %\}\n", re.M | re.S)
    theirs = macro.search(upstream("endpoint_macros.py.jinja"))
    ours = macro.search(override("endpoint_module.py.jinja"))
    assert theirs is not None and ours is not None
    source = (
        '{% set source = "orjson.loads(response.content)" if response.source.attribute == "response.json()"'
        " else response.source.attribute %}\n"
    )
    assert ours.group(0).count(source) == 1
    ours_as_theirs = re.sub(r"(?<![.\w])source\b", "response.source.attribute", ours.group(0).replace(source, ""))
    assert ours_as_theirs == theirs.group(0)
    assert "orjson.loads(response.content)" in Path(delete_all_orders.__file__).read_text(encoding="utf-8")


def test_the_endpoint_s_arguments_are_the_generator_s_with_a_client_type_when_asked() -> None:
    """The override's `arguments` is the generator's macro, but for the `client_type` the typed sync and
    asyncio's first overload asks for (RaisingClient): no string surgery on its output."""
    macro = re.compile(r"^\{% macro arguments\(.*?^\{% endmacro %\}\n", re.M | re.S)
    theirs = macro.search(upstream("endpoint_macros.py.jinja"))
    ours = macro.search(override("endpoint_module.py.jinja"))
    assert theirs is not None and ours is not None
    ours_as_theirs = (
        ours.group(0)
        .replace(", client_type=None) %}", ") %}")
        .replace("{% if client_type %}\nclient: {{ client_type }},\n{% elif", "{% if")
    )
    assert ours_as_theirs == theirs.group(0)
    assert "| replace(" not in override("endpoint_module.py.jinja")
    raising = typing.get_overloads(delete_all_orders.sync)[0]
    assert typing.get_type_hints(raising)["client"] is RaisingClient
    assert "RaisingClient" not in str(inspect.signature(delete_all_orders.sync_detailed))


def test_the_endpoint_docstring_is_the_generator_s_but_for_its_raises_section() -> None:
    """The override's `docstring_content` and `docstring` are the generator's macros word for word, the
    generator's "Raises:" section replaced by the marked region (rendered from error_hierarchy.jinja)."""
    macros = re.compile(r"^\{% macro docstring_content\(.*?^\{% macro docstring\(.*?^\{% endmacro %\}\n", re.M | re.S)
    theirs = macros.search(upstream("endpoint_macros.py.jinja"))
    ours = macros.search(override("endpoint_docstring.jinja"))
    assert theirs is not None and ours is not None
    upstream_raises = re.search(r"^Raises:\n(?:    .*\n)+", theirs.group(0), re.M)
    assert upstream_raises is not None and len(upstream_raises.group(0).splitlines()) == 3
    assert len(MARKED.findall(ours.group(0))) == 1
    assert MARKED.sub(upstream_raises.group(0), ours.group(0)) == theirs.group(0)
    for function in (delete_all_orders.sync, delete_all_orders.asyncio_detailed):  # so it was replaced
        assert function.__doc__ is not None
        assert "errors.BrokerError: 400" in function.__doc__
        assert "If the request takes longer than Client.timeout" not in function.__doc__.split("built by hand")[0]


def test_the_package_metadata_is_the_generator_s_plus_the_dependencies_the_hook_modules_import() -> None:
    """httpcore, anyio and orjson are imported by the hook modules; the deadline wraps httpcore 1.x network backends.
    Then the `nami-client` command, the `testing` extra and the pytest plugin's entry point (nami_client.testing),
    before the tool tables."""
    changed = (
        upstream("pyproject_pdm.toml.jinja")
        .replace('    "httpx>=0.23.1,<0.29.0",\n', '    "httpx>=0.27,<0.29.0",\n    "httpcore>=1.0,<2",\n')
        .replace('    "attrs>=22.2.0",\n', '    "attrs>=22.2.0",\n    "anyio>=3.0,<5",\n    "orjson>=3.9,<4",\n')
    )
    ours = override("pyproject_pdm.toml.jinja")
    added = re.search(r"\n\[project\.scripts\]\n.*?pytest11\]\n[^\n]*\n", ours, re.DOTALL)
    assert added is not None and 'testing = [\n    "starlette' in added.group(0)
    assert '[project.scripts]\nnami-client = "nami_client.cli:run"\n' in added.group(0)
    assert ours.replace(added.group(0), "") == changed


def test_the_model_template_is_the_generator_s_outside_its_marked_regions() -> None:
    """The marked regions replace `from_dict` (and add what it needs) and give a plain model a literal `to_dict`;
    the rest is the generator's word for word."""
    from_dict = re.compile(
        r"^    @classmethod\n    def from_dict\(.*?^        return \{\{ module_name \}\}\n", re.MULTILINE | re.DOTALL
    )
    assert len(from_dict.findall(upstream("model.py.jinja"))) == 1
    assert len(MARKED.findall(override("model.py.jinja"))) == 6
    assert MARKED.sub("", override("model.py.jinja")) == from_dict.sub("", upstream("model.py.jinja"))


def test_the_client_is_the_generator_s_but_for_the_classes_of_its_httpx_clients() -> None:
    """The override names the httpx client classes it builds in class variables (marked), so that
    `SignedClient` chooses its own without reading the generated `Client`'s private attributes."""
    changes = {
        "from typing import Any, Self\n": "from typing import Any, ClassVar, Self\n",
        "self._client = httpx.Client(": "self._client = self.httpx_client_class(",
        "self._async_client = httpx.AsyncClient(": "self._async_client = self.async_httpx_client_class(",
    }
    changed = upstream_changed("client.py.jinja", changes)
    assert len(MARKED.findall(override("client.py.jinja"))) == 1
    assert MARKED.sub("", override("client.py.jinja")) == changed
    client = signed_client("https://nami.exchange", api_key="k", api_secret="s")
    assert type(client.get_httpx_client()) is SignedClient.httpx_client_class is not httpx.Client
    assert type(client.get_async_httpx_client()) is SignedClient.async_httpx_client_class
    plain = Client(base_url="https://nami.exchange").get_httpx_client()
    assert type(plain) is httpx.Client
    for built in (plain, client.get_httpx_client()):
        built.close()
