"""Where a whole call's extra time over the hand-written baseline goes, step by step.

Each step is timed alone with Python's cyclic garbage collector paused, so that the steps add up;
what the collector itself costs is the last step: the pair timed again with it paused.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import orjson

from tools.bench.client_cost import Subjects, parse_subject, response_bytes, sign_subjects, unsigned_body
from tools.bench.figures import duration
from tools.bench.timing import compare, median_seconds


@contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def call_steps(orders: int, subjects: Subjects, extra_s: float, *, calls: int, repeats: int) -> list[str]:
    """Report lines splitting `extra_s`, the client's time per call minus the baseline's."""
    content = response_bytes(unsigned_body(orders))
    signing = sign_subjects(orders)

    def timed(fn: Callable[[], object]) -> float:
        return median_seconds(fn, number=calls, repeats=repeats)

    with _collector_paused():
        decode_extra_s = timed(lambda: orjson.loads(content)) - timed(lambda: json.loads(content))
        build_s = timed(parse_subject(orders))
        sign = compare(signing.client, signing.baseline, number=calls, repeats=repeats)
        paused = compare(subjects.client, subjects.baseline, number=calls, repeats=repeats)
    sign_extra_s = sign.subject_s - sign.baseline_s
    paused_extra_s = paused.subject_s - paused.baseline_s
    collector_s = extra_s - paused_extra_s
    rest_s = paused_extra_s - decode_extra_s - build_s - sign_extra_s

    def share(seconds: float) -> str:
        return f"{duration(seconds)}, {seconds / extra_s:.0%}"

    return [
        f"Timed alone (medians, no profiler), of the client's extra {duration(extra_s)} per call:",
        "",
        f"- decoding the answer's JSON: the client's `orjson.loads` over the baseline's `json.loads`: "
        f"{share(decode_extra_s)};",
        f"- building the models from it (`DeleteAllOrdersResponse.from_dict`, generated): {share(build_s)};",
        f"- signing: `NamiAuth.signed` {duration(sign.subject_s)} over the inline recipe's "
        f"{duration(sign.baseline_s)}: {share(sign_extra_s)};",
        f"- Python's cyclic garbage collector: {share(collector_s)}. With it paused the call takes "
        f"{duration(paused.subject_s)} over {duration(paused.baseline_s)}, a ratio of {paused.ratio:.2f}. Each "
        "order leaves three objects the collector tracks alive until the call returns (its decoded dict, its "
        "`Order` and that order's `FeeMetadata`) where the baseline leaves one, so it runs and promotes more often;",
        f"- everything else, {share(rest_s)}: the generated request building (`to_dict`, encoding) and response "
        "wrapper, the signing transport around httpx's (parsing the body to sign it, the request check), and what "
        "the steps above cost more inside a whole call than alone (see the profile).",
        "",
    ]
