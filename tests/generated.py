"""Generated audits for tests: the generator of ``bench/bench_grade.py``, loaded once.

The benchmarks write large audits straight into SQLite; tests use the same generator
for their own (smaller) audits, so both exercise the same shape of data.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


@cache
def bench_grade() -> ModuleType:
    """``bench/bench_grade.py`` as a module (it is a script, not part of a package)."""
    spec = importlib.util.spec_from_file_location("bench_grade", ROOT / "bench" / "bench_grade.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

