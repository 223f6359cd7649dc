"""The READMEs' Python examples pass `mypy --strict` as written: with a client from `signed_client`
a call is typed as returning the success model, so nothing needs narrowing. The raw forms keep the
generated types."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.paths import ROOT

READMES = {"repo": ROOT / "README.md", "package": ROOT / "generated_client" / "README.md"}
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# What the examples take as given.
PRELUDE = 'API_KEY = "key-from-your-vault"\nAPI_SECRET = "secret-from-your-vault"\n\n\n'

TYPES = """
from typing import assert_type

from nami_client import signed_client
from nami_client.api.spot import delete_all_orders, get_open_orders
from nami_client.models import DeleteAllOrdersRequest, DeleteAllOrdersResponse, ErrorEnvelope, OrderRef
from nami_client.models import OpenOrdersResponse
from nami_client.types import Response

body = DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=1, symbol="BTCUSDT")])
raising = signed_client(api_key="k", api_secret="s")
assert_type(delete_all_orders.sync(client=raising, body=body), DeleteAllOrdersResponse)
raw = delete_all_orders.sync_detailed(client=raising, body=body)
assert_type(raw, Response[DeleteAllOrdersResponse | ErrorEnvelope])
plain = signed_client(api_key="k", api_secret="s", raise_errors=False)
assert_type(delete_all_orders.sync(client=plain, body=body), DeleteAllOrdersResponse | ErrorEnvelope | None)
with raising.with_timeout(raising.get_httpx_client().timeout) as scoped:
    assert_type(delete_all_orders.sync(client=scoped, body=body), DeleteAllOrdersResponse)
assert_type(get_open_orders.sync(client=raising), OpenOrdersResponse)
assert_type(get_open_orders.sync(client=plain, filter_by_pair="BTCUSDT"), OpenOrdersResponse | ErrorEnvelope | None)


async def run() -> None:
    assert_type(await delete_all_orders.asyncio(client=raising, body=body), DeleteAllOrdersResponse)
    assert_type(await get_open_orders.asyncio(client=raising, filter_by_pair="BTCUSDT"), OpenOrdersResponse)
    async with signed_client(api_key="k", api_secret="s") as client:
        assert_type(await delete_all_orders.asyncio(client=client, body=body), DeleteAllOrdersResponse)
    print(delete_all_orders.sync(client=plain, body=body).data)  # the one error expected: not narrowed
"""


def readme_module(readme: Path) -> str:
    """A README's Python blocks in order, as the body of one async function (so `await` reads as written)."""
    blocks = PYTHON_BLOCK.findall(readme.read_text(encoding="utf-8"))
    body = "\n".join(blocks) or "pass\n"
    return PRELUDE + "async def readme_examples() -> None:\n" + textwrap.indent(body, "    ")


def test_the_readme_examples_type_check_without_narrowing(tmp_path: Path) -> None:
    blocks = {name: PYTHON_BLOCK.findall(path.read_text(encoding="utf-8")) for name, path in READMES.items()}
    for call in ("delete_all_orders.sync(", "get_open_orders.sync(", "cancel_all("):
        assert any(call in block for block in blocks["package"]), call
    files = []
    for name, path in READMES.items():
        files.append(tmp_path / f"{name}_readme.py")
        files[-1].write_text(readme_module(path), encoding="utf-8")
    (tmp_path / "typed_calls.py").write_text(TYPES, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(ROOT / ".mypy_cache" / "readme-examples"),
            "--no-error-summary",
        ]
        + [path.name for path in files]
        + ["typed_calls.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )
    errors = result.stdout.strip().splitlines()
    assert len(errors) == 1, result.stdout + result.stderr
    assert errors[0].startswith("typed_calls.py:") and 'Item "None" of' in errors[0] and '"data"' in errors[0]
