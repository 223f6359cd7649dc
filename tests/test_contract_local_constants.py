"""The contract run's cases come from the spec alone: Hypothesis draws no literal from the harness's
code (tools/contract/local_constants.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.paths import ROOT

CHECK = """
import sys
from hypothesis.internal.conjecture import providers
collect = providers._get_local_constants
import tools.contract.hooks  # installs the replacement, and loads the harness's modules
kinds = ("integer", "float", "string", "bytes")
print(sum(len(collect().set_for_type(kind)) for kind in kinds))
print(sum(len(providers._get_local_constants().set_for_type(kind)) for kind in kinds))
"""


def test_hypothesis_draws_no_literal_of_the_harness_s_own_modules() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True, cwd=ROOT)
    collected, drawn_from = map(int, result.stdout.split())
    assert collected > 100  # what Hypothesis would have drawn from: the harness's messages and names
    assert drawn_from == 0


def test_a_hypothesis_without_the_hook_point_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    from hypothesis.internal.conjecture import providers

    from tools.contract import local_constants

    monkeypatch.delattr(providers, "_get_local_constants")
    with pytest.raises(RuntimeError, match=r"local_constants\.py"):
        local_constants.install()
