"""Grade an audit: read its facts from the store, run the signals, write the grades.

(Being written; the :class:`Context` handed to every signal is fixed here.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grading.core import AuditStats, PingCheck
from grading.rules import Rules


@dataclass
class Context:
    """What a signal may consult besides its subject.

    Attributes:
        rules: weights, thresholds, word lists.
        stats: facts about the whole audit (behaviour signals).
        ping_checks: item key → what verifying the ping found.
        model: the site's learned comment model, or ``None``.
    """

    rules: Rules
    stats: AuditStats = field(default_factory=AuditStats)
    ping_checks: dict[str, PingCheck] = field(default_factory=dict)
    model: Any = None
