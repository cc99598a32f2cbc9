"""Unclosed SQLite connections fail the tests on every Python, not only from 3.13 on.

From Python 3.13 a :class:`sqlite3.Connection` collected while still open emits
``ResourceWarning: unclosed database``, which the suite's ``filterwarnings = error``
turns into a failure (pytest reports a warning raised in a finaliser as an
"unraisable exception"). Earlier Pythons say nothing, so a leak written and tested on
3.11 would fail only on 3.13. Loaded from ``conftest.py``, this plugin gives 3.11 and
3.12 the same warning: :func:`sqlite3.connect` hands out a subclass whose finaliser
warns when it finds the connection still open.

Example:
    >>> import gc, warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     sqlite3.connect(":memory:").close()
    ...     conn = _WarnIfUnclosed(":memory:")
    ...     del conn
    ...     _ = gc.collect()
    >>> [str(w.message).startswith("unclosed database") for w in caught]
    [True]
"""

from __future__ import annotations

import sqlite3
import sys
import warnings
from typing import Any


class _WarnIfUnclosed(sqlite3.Connection):
    """A connection that warns, as Python 3.13's own do, if it is collected open.

    The warning names where the connection was opened, innermost call first (3.13's
    needs tracemalloc for that).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        callers: list[str] = []
        frame = sys._getframe(1)
        while frame is not None and len(callers) < 4:
            if frame.f_code.co_filename != __file__:
                callers.append(f"{frame.f_code.co_filename.rsplit('/', 1)[-1]}:{frame.f_lineno}")
            frame = frame.f_back
        self._opened_at = " < ".join(callers)

    def __del__(self) -> None:
        try:
            self.total_changes  # raises once the connection is closed
        except sqlite3.ProgrammingError:
            return
        warnings.warn(f"unclosed database in {self!r}, opened at {self._opened_at}", ResourceWarning,
                      stacklevel=1, source=self)


_connect = sqlite3.connect


def _connect_warning_if_unclosed(*args: Any, **kwargs: Any) -> sqlite3.Connection:
    kwargs.setdefault("factory", _WarnIfUnclosed)
    return _connect(*args, **kwargs)


if sys.version_info < (3, 13):  # 3.13 and later warn by themselves
    sqlite3.connect = _connect_warning_if_unclosed  # type: ignore[assignment]
