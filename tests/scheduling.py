"""How pytest-xdist shares the suite among its workers (`make check` runs `--dist loadgroup`).

The suite's time is its longest worker's. xdist's own schedulers hand tests out in collection
order, so a few long tests (the key monkey, the 100k import kill) often start last and run alone
at the end, while the other workers idle. Here, as in ``loadgroup``:

- a unit of work is a test module, or every test of one ``xdist_group`` (a group spanning
  modules, such as the real-data suite, whose datasets are loaded once per worker that runs it);
- a worker that is nearly done gets the LONGEST unit left, estimated from ``durations.json``
  (seconds per module, refreshed with ``pytest -n 4 --dist loadgroup --store-durations``); a
  module it does not know counts :data:`SECONDS_PER_UNKNOWN_TEST` per test.

Keeping a module on one worker also sets up its module-scoped servers and clusters once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

DURATIONS_FILE = Path(__file__).with_name("durations.json")
#: The estimate for a test of a module that ``durations.json`` does not know yet.
SECONDS_PER_UNKNOWN_TEST = 3.0


def module_of(nodeid: str) -> str:
    """``tests/tui/test_app.py`` for ``tests/tui/test_app.py::test_x[1]@group``."""
    return nodeid.split("::", 1)[0].split("@", 1)[0]


def load_durations(path: Path = DURATIONS_FILE) -> dict[str, tuple[float, int]]:
    """Module -> (seconds, tests) from the last stored run (empty when there is none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {module: (float(seconds), int(tests)) for module, (seconds, tests) in data.items()}


def estimate(nodeids: Iterable[str], durations: dict[str, tuple[float, int]]) -> float:
    """Seconds the tests ``nodeids`` should take: their modules' mean per test, summed."""
    total = 0.0
    for nodeid in nodeids:
        seconds, tests = durations.get(module_of(nodeid), (0.0, 0))
        total += seconds / tests if tests else SECONDS_PER_UNKNOWN_TEST
    return total


def make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadGroupScheduling

    class LongestFirstScheduling(LoadGroupScheduling):
        """``loadgroup`` with modules as units, the longest unit first."""

        def __init__(self, config: pytest.Config, log: Any = None) -> None:
            super().__init__(config, log)
            self.durations = load_durations()

        def _split_scope(self, nodeid: str) -> str:
            if "@" in nodeid:
                return nodeid.rsplit("@", 1)[-1]
            return module_of(nodeid)

        def _assign_work_unit(self, node: Any) -> None:
            longest = max(self.workqueue, key=lambda scope: self._estimate(scope))
            self.workqueue.move_to_end(longest, last=False)
            super()._assign_work_unit(node)

        def _estimate(self, scope: str) -> float:
            return estimate(self.workqueue[scope], self.durations)

    return LongestFirstScheduling(config, log)


class DurationRecorder:
    """Adds up each module's setup, call and teardown times; writes them at the end."""

    def __init__(self, path: Path = DURATIONS_FILE) -> None:
        self.path = path
        self.seconds: dict[str, float] = defaultdict(float)
        self.tests: dict[str, set[str]] = defaultdict(set)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        module = module_of(report.nodeid)
        self.seconds[module] += report.duration
        self.tests[module].add(report.nodeid)

    def pytest_sessionfinish(self) -> None:
        lines = [
            f"{json.dumps(module)}: [{self.seconds[module]:.1f}, {len(self.tests[module])}]"
            for module in sorted(self.seconds)
        ]
        self.path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
