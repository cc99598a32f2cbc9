"""The link profile's health score: 100 minus what each problem costs, in plain words.

``score = 100 − Σ weight × √share`` over four problems (:data:`HEALTH_WEIGHTS`): High-risk
inbound domains not dealt with, spam comments still published, fake or gone pings, and
comment links missing ``ugc``/``nofollow``. Pure: the counts come in as :class:`HealthPart`
(``dashboard.data.health_parts`` counts them in the store).

Example:
    >>> score_and_drivers([HealthPart("fake_pings", 2, 8, 20.0), HealthPart("missing_ugc", 0, 9, 15.0)])[0]
    90
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: Points each problem can cost at most; they add up to 100. The penalty is
#: ``weight × √share``: the square root makes the first problems count most (4 % of
#: High-risk inbound domains already costs 7 of 35 points), as one toxic campaign is
#: what a site owner most needs to hear about.
HEALTH_WEIGHTS = {
    "high_inbound": 35.0,    # High-risk domains claiming to link to you, not kept by you
    "spam_published": 30.0,  # comments recommended as spam that are still published
    "fake_pings": 20.0,      # trackbacks/pingbacks whose source is gone or holds no link to you
    "missing_ugc": 15.0,     # outbound comment links carrying neither ugc nor nofollow
}


@dataclass(frozen=True)
class HealthPart:
    """One problem the health score weighs.

    Example:
        >>> part = HealthPart("fake_pings", 2, 8, 20.0)
        >>> round(part.penalty, 1), part.share
        (10.0, 0.25)
    """

    name: str
    count: int
    of: int
    weight: float

    @property
    def share(self) -> float:
        """The problem's share of its population (0 when the population is empty)."""
        return self.count / self.of if self.of else 0.0

    @property
    def penalty(self) -> float:
        """Points this problem costs: ``weight × √share``."""
        return self.weight * math.sqrt(self.share)


def score_from_parts(parts: Sequence[HealthPart]) -> int:
    """``100 − Σ weight × √share``, rounded and kept in 0–100.

    Example:
        >>> score_from_parts([HealthPart("high_inbound", 1, 4, 35.0), HealthPart("missing_ugc", 0, 9, 15.0)])
        82
    """
    return max(0, min(100, round(100 - sum(p.penalty for p in parts))))


def explain_part(part: HealthPart) -> str:
    """One health problem in plain words, with the points it costs.

    Example:
        >>> explain_part(HealthPart("fake_pings", 2, 8, 20.0))
        '2 of 8 trackbacks and pingbacks are fake or their source is gone (−10 points).'
    """
    cost = f" (−{part.penalty:.0f} points)" if part.count else ""
    n, of = f"{part.count:,}", f"{part.of:,}"
    if part.name == "high_inbound":
        if not part.of:
            return "No site claims to link to you in this audit."
        if not part.count:
            return f"None of the {of} sites that claim to link to you is High risk."
        return f"{n} of {of} sites that claim to link to you are High risk and not yet dealt with{cost}."
    if part.name == "spam_published":
        if not part.count:
            return f"No spam found among the {of} published comments."
        return f"{n} of {of} published comments look like spam and are still on your pages{cost}."
    if part.name == "fake_pings":
        if not part.of:
            return "No trackbacks or pingbacks in this audit."
        if not part.count:
            return f"None of the {of} trackbacks and pingbacks is known to be fake or gone."
        return f"{n} of {of} trackbacks and pingbacks are fake or their source is gone{cost}."
    if not part.count:
        return (f"All {of} links in comments carry ugc or nofollow." if part.of
                else "No links in comments with a known rel.")
    return (f"{n} of {of} links in comments lack ugc/nofollow and pass ranking credit to the "
            f"commenters' sites{cost}.")


def score_and_drivers(parts: Sequence[HealthPart]) -> tuple[int, list[str]]:
    """The score and the three problems costing the most points, in plain words (in the
    order of ``parts`` when tied)."""
    ranked = sorted(parts, key=lambda p: -p.penalty)[:3]
    return score_from_parts(parts), [explain_part(p) for p in ranked]
