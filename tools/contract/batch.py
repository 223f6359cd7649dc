"""`python -m tools.contract.batch JOBS.json`: many contract runs against the embedded mock in one
process, one after another, each as `python -m tools.contract.run` would do it (credentials made for
the run, the pre-flight request, Schemathesis with the harness's config and hooks, the verdict) but
with the mock in a thread and Schemathesis called in-process. What a run costs is then its own work,
not three interpreters starting: the harness's self-test runs every planted fault this way, a batch
per core.

JOBS.json is a list of {"name", "reports" (a folder), "options" (for `st run`), "env" (for the mock,
e.g. NAMI_MOCK_FAULT)}. Each run's console output and verdict go to `output.txt` in its reports
folder and its exit code to `exit-code`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from nami_client.testing.config import MockConfig
from schemathesis.cli import schemathesis as st

from tools.contract import run
from tools.contract.in_thread import mock_in_thread
from tools.contract.mock_target import mock_target
from tools.contract.preflight import preflight
from tools.contract.run_report import replay_command
from tools.contract.schemathesis_process import COULD_NOT_RUN, PASSED, fresh_reports, st_arguments, st_env
from tools.contract.target import Target, TargetError

OUTPUT, EXIT_CODE = "output.txt", "exit-code"


@contextlib.contextmanager
def environ(env: dict[str, str]) -> Iterator[None]:
    """The process's environment replaced by `env` for a while (runs are one at a time)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def schemathesis_in_process(target: Target, env: dict[str, str], reports: Path, options: tuple[str, ...]) -> int:
    """`st run` as `schemathesis_process.run_schemathesis` runs it, in this process; its exit code."""
    fresh_reports(reports)
    cwd = os.getcwd()
    os.chdir(reports)  # Schemathesis keeps its crash files in the working folder
    try:
        with environ(st_env(target, env)):
            st.main(st_arguments(target, reports, options), prog_name="st", standalone_mode=False)
        return PASSED
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else COULD_NOT_RUN
    finally:
        os.chdir(cwd)


def one_run(options: tuple[str, ...], mock_env: dict[str, str], reports: Path) -> int:
    """A contract run against the embedded mock, as the harness's `main` makes it; its exit code."""
    env = {**os.environ, **mock_env}
    started = time.monotonic()
    target, env_of_mock = mock_target(env)
    with environ(env_of_mock):
        config = MockConfig.from_env()
    try:
        with mock_in_thread(config) as url:
            target = dataclasses.replace(target, url=url)
            preflight(target)
            replay_with = replay_command(None, reports, env)
            return run.judge(target, env, reports, options, replay_with, started, schemathesis_in_process)
    except TargetError as exc:
        print(f"contract: error: {exc}")
        return COULD_NOT_RUN


def main(argv: list[str]) -> int:
    for job in json.loads(Path(argv[0]).read_text(encoding="utf-8")):
        reports = Path(job["reports"])
        reports.mkdir(parents=True, exist_ok=True)
        with (
            (reports / OUTPUT).open("w", encoding="utf-8") as output,
            contextlib.redirect_stdout(output),
            contextlib.redirect_stderr(output),
        ):
            code = one_run(tuple(job["options"]), job["env"], reports)
        (reports / EXIT_CODE).write_text(str(code), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
