"""What a run skipped or could not follow, and why, for the verdict's one line (`skips.json` beside the
run report), instead of Schemathesis' console block, which looks like a failure on a passing run.

A Schemathesis CLI handler (the documented `schemathesis.cli.handler` extension) counts, per scenario,
the requests no check applied to and why (most are the requests a built-in check sends to probe a
case: `ignored_auth` sends each accepted case again without the API key and with a wrong one, and
judges their answers itself), and at the end of the run takes the links it could not follow (a
listing with no order to cancel) out of the console output, noting why. The harness's own suites
add why they could not run (tools/contract/state.py).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from schemathesis import cli
from schemathesis.cli.commands.run.handlers.base import EventHandler
from schemathesis.engine import events

from tools.contract.exchange import json_or_none
from tools.contract.promises import listed_orders
from tools.contract.state import RunState

SKIPS_FILE = "skips.json"
PROBED_BY_A_CHECK = (
    "requests a built-in check sent to probe a case (`ignored_auth`: without the API key, and with a wrong one), "
    "judged by that check"
)
NO_CHECK = "requests no check applied to"


class SkipsReport(EventHandler[Any]):
    def __init__(self, *args: Any, **params: Any) -> None:
        json_path = params.get("report_json_path")  # a click file: its name is the path
        self.path = Path(getattr(json_path, "name", json_path)).with_name(SKIPS_FILE) if json_path else None
        self.requests: Counter[str] = Counter()
        self.schema: Any = None

    def handle_event(self, ctx: Any, event: events.EngineEvent) -> None:
        if isinstance(event, events.ScenarioFinished):
            self._count(event.recorder)
        elif isinstance(event, events.EngineFinished):
            self._finish(ctx)

    def _count(self, recorder: Any) -> None:
        for case_id, node in recorder.cases.items():
            self.schema = self.schema or node.value.operation.schema
            interaction = recorder.interactions.get(case_id)
            if recorder.checks.get(case_id) or interaction is None or interaction.response is None:
                continue
            probe = node.parent_id is not None and node.transition is None
            self.requests[PROBED_BY_A_CHECK if probe else NO_CHECK] += 1

    def _finish(self, ctx: Any) -> None:
        lines = [f"{count} {why}" for why, count in self.requests.items()]
        links: Counter[str] = Counter()
        for failure in ctx.statistic.extraction_failures:
            orders = listed_orders(json_or_none(failure.response.content))
            links["an empty listing" if orders == [] else "a listing in the other published shape"] += 1
        if links:
            reasons = ", ".join(f"{count} after {why}" for why, count in links.items())
            lines.append(f"{sum(links.values())} links not followed: no order to cancel in the listing ({reasons})")
            ctx.statistic.extraction_failures.clear()  # said here, not as a block that reads like a failure
        state = RunState.attached(self.schema) if self.schema is not None else None
        lines += list(state.skipped.values()) if state is not None else []
        if self.path is not None:
            self.path.write_text(json.dumps(lines), encoding="utf-8")


def read(reports: Path) -> list[str]:
    """The skip lines of the run whose reports are in `reports` ([] when it wrote none)."""
    try:
        lines = json.loads((reports / SKIPS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(line) for line in lines] if isinstance(lines, list) else []


cli.handler()(SkipsReport)
