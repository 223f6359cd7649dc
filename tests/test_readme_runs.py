"""The package README's Python blocks run, in the order given, against the mock: the first one
shows where requests go, no block uses a client an earlier one closed, and each ends without error."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import MOCK_KEY, MOCK_SECRET
from tests.test_readme_types import PYTHON_BLOCK, READMES
from tools.process import running_mock


def test_the_package_readme_runs_top_to_bottom_against_the_mock(tmp_path: Path) -> None:
    blocks = PYTHON_BLOCK.findall(READMES["package"].read_text(encoding="utf-8"))
    assert "BASE_URL" in blocks[0] and "NAMI_BASE_URL" in blocks[0] and "https://nami.exchange" in blocks[0]
    script = tmp_path / "readme.py"
    body = textwrap.indent("\n".join(blocks), "    ")
    script.write_text(
        f"import asyncio\n\n\nasync def readme() -> None:\n{body}\n\nasyncio.run(readme())\nprint('README ran')\n",
        encoding="utf-8",
    )
    env = {name: value for name, value in os.environ.items() if name not in ("NAMI_LOG", "NAMI_MOCK_FAULT")}
    env |= {"NAMI_API_KEY": MOCK_KEY, "NAMI_API_SECRET": MOCK_SECRET}
    with running_mock(env) as url:  # a mock of its own: the README cancels every order
        env["NAMI_BASE_URL"] = url
        result = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert result.stdout.rstrip().endswith("README ran")
