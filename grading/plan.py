"""The cleanup policy: from a grade and the evidence to what to do, and why.

One home for the actions the plan speaks of (:data:`KEEP` … :data:`DELETE_PINGS`) and
for :class:`Plan`, which picks the action for each item, referring domain and the site:
the user's own decisions first, then the allowlist and the guard (DOMAIN.md §5), then
what the grade and the ping checks say. The two populations get different remedies
(DOMAIN.md §1): an outbound comment link is never disavowed; an inbound claim is
disavowed only when its link exists, it is High risk and not guarded.

The grading engine applies it to every grade it writes; :mod:`grading.overrides` applies
it again to one subject when the user decides.
"""

from __future__ import annotations

from typing import Any

from backlint.records import PingCheck
from grading.core import Grade, ItemFacts
from grading.rules import Rules

#: Actions, in the words the cleanup plan uses.
KEEP, MONITOR, REVIEW, SPAM, DISAVOW, VERIFY, ADD_UGC, DELETE_PINGS = (
    "keep", "monitor", "review", "delete or mark spam", "disavow domain", "verify the link",
    'add rel="ugc nofollow"', "delete the pings (no link to you)")


def _yours(override: Any) -> str:
    note = f": {override['note']}" if override["note"] else ""
    return f"your decision ({override['created_at'][:10]}){note}"


def is_fake_claim(check: PingCheck) -> bool:
    """The source was read whole and holds no link to us (a PDF or a cut page proves nothing)."""
    return check.status == "alive" and not check.links_to_target and check.error is None


def _void_why(checks: list[PingCheck]) -> str:
    """Why a domain none of whose sources links to you is nothing to disavow."""
    gone = [c for c in checks if c.status == "dead"]
    if not gone:
        return "no source links to you: a fake claim, nothing to disavow"
    first = gone[0]
    cause = f"HTTP {first.http_status}" if first.http_status else (first.error or "gone")
    if len(gone) == len(checks):
        return f"its source is gone ({first.source_url}: {cause}): no link left to disavow; delete the ping"
    return (f"no source links to you: {len(gone)} gone (e.g. {first.source_url}: {cause}), "
            f"{len(checks) - len(gone)} without a link: nothing to disavow")


def _unverified_why(checks: list[PingCheck], claims: int) -> str:
    """What stands between a High-risk domain and a disavow: why its link is unconfirmed."""
    blocked = [c for c in checks if c.status == "blocked"]
    if blocked:
        first = blocked[0]
        cause = f"HTTP {first.http_status}" if first.http_status else (first.error or "refused")
        return (f"High risk, but {first.source_url} refuses to be checked ({cause}): open it in a browser and "
                f"disavow if the link is there")
    unreachable = [c for c in checks if c.status == "unreachable"]
    if unreachable:
        first = unreachable[0]
        return (f"High risk, but {first.source_url} could not be reached when checked "
                f"({first.error or 'no answer'}): run `backlint verify` again later")
    if checks and len(checks) == claims:
        return "High risk, but no source could be read whole: open it in a browser before disavowing"
    return "High risk, but the link is not verified: run `backlint verify`"


class Plan:
    """The recommendations: what to do with each item, link, domain and the site."""

    def __init__(self, rules: Rules, site_domains: frozenset[str], checks: dict[str, PingCheck],
                 overrides: dict[tuple[str, str], Any] | None = None) -> None:
        self.rules = rules
        self.site_domains = site_domains
        self.checks = checks
        self.overrides = overrides or {}

    def for_item(self, item: ItemFacts, grade: Grade) -> tuple[str, str]:
        override = self.overrides.get(("item", item.key))
        if override is not None and override["action"] in ("keep", "spam"):
            return (KEEP if override["action"] == "keep" else SPAM), _yours(override)
        return self._item_advice(item, grade)

    def _item_advice(self, item: ItemFacts, grade: Grade) -> tuple[str, str]:
        if grade.reasons and grade.reasons[0].signal == "allowlist":
            return KEEP, grade.reasons[0].evidence
        if item.type in ("trackback", "pingback"):
            check = self.checks.get(item.key)
            if check is not None and is_fake_claim(check):
                return SPAM, f"fake {item.type}: {check.source_url} does not link to this post"
            if check is not None and check.status == "dead":
                return SPAM, f"the {item.type}'s source is gone ({check.http_status or check.error})"
        if grade.band == "high":
            return SPAM, f"High risk ({grade.score}): {grade.reasons[0].evidence}"
        if grade.band == "medium":
            return REVIEW, f"Medium risk ({grade.score}): {grade.reasons[0].evidence}"
        return KEEP, f"Low risk ({grade.score})"

    def for_domain(self, domain: str, direction: str, grade: Grade,
                   ping_keys: list[str]) -> tuple[str, str, bool]:
        guarded = self.rules.is_guarded(domain, self.site_domains)
        override = self.overrides.get(("domain", domain))
        if override is not None and override["action"] in ("keep", "spam", "disavow"):
            action = override["action"]
            if action == "disavow" and direction != "inbound":
                return (SPAM, "you chose disavow, but disavow only acts on links to your site; these are "
                              "links on your pages: delete or mark spam their comments", guarded)
            if action == "disavow" and domain in self.site_domains:
                return KEEP, "your own site is never disavowed", True
            return {"keep": KEEP, "spam": SPAM, "disavow": DISAVOW}[action], _yours(override), guarded
        return self._domain_advice(domain, direction, grade, ping_keys, guarded)

    def _domain_advice(self, domain: str, direction: str, grade: Grade, ping_keys: list[str],
                       guarded: bool) -> tuple[str, str, bool]:
        if domain in self.site_domains:
            return KEEP, "your own site", True
        if domain in self.rules.allowlist:
            return KEEP, f"{domain} is on your allowlist", True
        if direction != "inbound":
            # DOMAIN.md §1: outbound UGC is the commenter's backlink; disavow cannot touch it.
            if grade.band == "high":
                return SPAM, "High risk outbound comment links: delete or mark spam its comments (never disavow)", guarded
            if grade.band == "medium":
                return REVIEW, "Medium risk: review its comments", guarded
            return KEEP, "Low risk", guarded
        checks = [self.checks[k] for k in ping_keys if k in self.checks]
        exists = [c for c in checks if c.links_to_target]
        void = [c for c in checks if is_fake_claim(c) or c.status == "dead"]
        if grade.band == "high":
            if exists and guarded:
                return KEEP, "High risk, but guarded (gov/edu, a major platform or allowlisted): never disavowed", True
            if exists:
                return DISAVOW, f"High risk ({grade.score}) and the link exists on {exists[0].source_url}", False
            if void and len(void) == len(checks):
                return DELETE_PINGS, _void_why(void), guarded
            return VERIFY, _unverified_why(checks, len(ping_keys)), guarded
        if void and len(void) == len(checks):
            return DELETE_PINGS, _void_why(void), guarded
        if grade.band == "medium":
            return MONITOR, f"Medium risk ({grade.score})", guarded
        return KEEP, f"Low risk ({grade.score})", guarded

    def for_site(self, tally: Any) -> list[dict[str, str]]:
        """What the site itself should change, from the run's tally (``grading.engine._Tally``)."""
        recs: list[dict[str, str]] = []
        if tally.missing_rel:
            recs.append({"action": 'add rel="ugc nofollow" to comment links',
                         "why": f"{tally.missing_rel} outbound comment link(s) carry neither ugc nor nofollow: "
                                f"they pass ranking credit to commenters, spam included",
                         "evidence": "a theme or plugin removed WordPress's default rel"})
        if tally.pings >= 3 and tally.bad_pings * 3 >= tally.pings:
            recs.append({"action": "close trackbacks and pingbacks on old posts",
                         "why": f"{tally.bad_pings} of {tally.pings} pings are spam or fake claims",
                         "evidence": "Settings → Discussion → 'Allow link notifications from other blogs'; "
                                     "or close comments on posts older than N days"})
        if tally.linked_spam >= 3:
            recs.append({"action": "hold comments with links for moderation",
                         "why": f"{tally.linked_spam} High-risk comments carry links in their text",
                         "evidence": "Settings → Discussion → hold a comment if it contains 1 or more links"})
        spam = tally.item_bands["high"]
        if tally.items and spam * 5 >= tally.items and spam >= 5:
            recs.append({"action": "use an anti-spam plugin or approve first comments by hand",
                         "why": f"{spam} of {tally.items} published items are High risk",
                         "evidence": "Settings → Discussion → 'Comment author must have a previously "
                                     "approved comment'"})
        return recs
