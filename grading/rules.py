"""Load the grading rules: weights, thresholds, word lists, allow/block lists, the guard.

The defaults are ``grading/rules.toml`` (every key documented there). A user's file
(``--rules FILE``) is laid over them key by key. Word lists are text files, one entry a
line, ``#`` for comments; a bare name refers to ``grading/data/``.

Example:
    >>> rules = load_rules()
    >>> rules.weight("no.such.signal")
    0.0
    >>> rules.is_guarded("whitehouse.gov", frozenset())
    True
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from backlint.errors import ConfigError

DEFAULT_RULES = Path(__file__).with_name("rules.toml")
DATA_DIR = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Rules:
    """The rules in force for one grading run.

    Attributes:
        weights: points per signal name (0 turns a signal off).
        params: thresholds and other numbers, ``"signal.param"`` → value.
        lists: word lists and tables by name, lower-cased entries.
        allowlist: domains never graded above Low nor proposed for action.
        blocklist: domains always graded High.
        guard_suffixes: public suffixes never proposed for disavow (gov, edu, ...).
        guard_platforms: registrable domains never proposed for disavow.
        source: the files the rules came from, for the record.
    """

    weights: dict[str, float] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    lists: dict[str, frozenset[str]] = field(default_factory=dict)
    allowlist: frozenset[str] = frozenset()
    blocklist: frozenset[str] = frozenset()
    guard_suffixes: frozenset[str] = frozenset()
    guard_platforms: frozenset[str] = frozenset()
    source: tuple[str, ...] = ()

    def weight(self, signal: str) -> float:
        """The weight of a signal; ``0.0`` for one the rules do not name."""
        return float(self.weights.get(signal, 0.0))

    def param(self, name: str, default: Any = None) -> Any:
        """A threshold or other number by ``"signal.param"`` name."""
        return self.params.get(name, default)

    def words(self, name: str) -> frozenset[str]:
        """A word list by name (empty when the rules do not name it)."""
        return self.lists.get(name, frozenset())

    def is_guarded(self, domain: str, site_domains: frozenset[str]) -> bool:
        """Whether a domain must never be proposed for disavow (DOMAIN.md §5).

        The site's own domains, allowlisted domains, government and education
        suffixes, and major platforms.
        """
        domain = domain.lower()
        if domain in site_domains or domain in self.allowlist or domain in self.guard_platforms:
            return True
        # The domain and each of its parent names ("a.gov.uk", "gov.uk", "uk"), looked up
        # in the set: cheaper than testing every suffix against the end of the name.
        suffixes, at = self.guard_suffixes, -1
        while True:
            if domain[at + 1:] in suffixes:
                return True
            at = domain.find(".", at + 1)
            if at < 0:
                return False

    def to_dict(self) -> dict[str, Any]:
        """The rules as plain data (stored with each grading run), lists by size only."""
        return {"weights": self.weights, "params": self.params,
                "lists": {k: len(v) for k, v in self.lists.items()},
                "allowlist": sorted(self.allowlist), "blocklist": sorted(self.blocklist),
                "source": list(self.source)}


def read_list(path: Path) -> frozenset[str]:
    """Read a word list: one entry a line, ``#`` starts a comment, blank lines skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read word list {path}: {exc}") from None
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(e for e in entries if e)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read rules file {path}: {exc}") from None


def _list_path(value: str, base: Path) -> Path:
    candidate = Path(value)
    if candidate.parent == Path(".") and (DATA_DIR / candidate).exists():
        return DATA_DIR / candidate
    return candidate if candidate.is_absolute() else base / candidate


def load_rules(path: str | Path | None = None) -> Rules:
    """Return the default rules, with a user's rules file laid over them.

    Args:
        path: a TOML file in the format of ``grading/rules.toml``; ``None`` for defaults.

    Raises:
        ConfigError: the file cannot be read, names an unknown section, or gives a
            negative weight.
    """
    default = _read_toml(DEFAULT_RULES)
    layers = [(default, DEFAULT_RULES.parent)]
    sources = [str(DEFAULT_RULES)]
    if path is not None:
        user_path = Path(path)
        user = _read_toml(user_path)
        unknown = set(user) - set(default)
        if unknown:
            raise ConfigError(f"{user_path}: unknown section(s) {', '.join(sorted(unknown))}; "
                              f"known: {', '.join(sorted(default))}")
        layers.append((user, user_path.resolve().parent))
        sources.append(str(user_path))

    weights: dict[str, float] = {}
    params: dict[str, Any] = {}
    lists: dict[str, frozenset[str]] = {}
    allow: set[str] = set()
    block: set[str] = set()
    suffixes: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    for data, base in layers:
        for name, value in data.get("weights", {}).items():
            try:
                weight = float(value)
            except (TypeError, ValueError):
                raise ConfigError(f"weight of {name!r} is not a number: {value!r}") from None
            if weight < 0:
                raise ConfigError(f"weight of {name!r} is negative ({weight}); weights are "
                                  f"points added for spam evidence and must be 0 or more")
            weights[name] = weight
        params.update(data.get("params", {}))
        for name, value in data.get("lists", {}).items():
            lists[name] = read_list(_list_path(str(value), base))
        allow.update(d.lower() for d in data.get("allowlist", {}).get("domains", []))
        block.update(d.lower() for d in data.get("blocklist", {}).get("domains", []))
        guard = data.get("guard", {})
        if "suffixes" in guard:
            suffixes = frozenset(s.lower().strip(".") for s in guard["suffixes"])
        if "platforms" in guard:
            value = guard["platforms"]
            platforms = (read_list(_list_path(value, base)) if isinstance(value, str)
                         else frozenset(v.lower() for v in value))
    return Rules(weights=weights, params=params, lists=lists, allowlist=frozenset(allow),
                 blocklist=frozenset(block - allow), guard_suffixes=suffixes,
                 guard_platforms=platforms, source=tuple(sources))


def with_allowlisted(rules: Rules, overrides: dict[tuple[str, str], Any]) -> Rules:
    """``rules`` with the domains you allowlisted (your ``allowlist`` decisions) added to
    the allowlist and taken off the blocklist.

    Args:
        rules: the rules in force.
        overrides: your decisions by ``(subject, key)``, as ``Store.overrides`` gives them.

    Example:
        >>> rules = with_allowlisted(load_rules(), {("domain", "friend.example"): {"action": "allowlist"}})
        >>> "friend.example" in rules.allowlist
        True
    """
    allowed = {key for (subject, key), row in overrides.items()
               if subject == "domain" and row["action"] == "allowlist"}
    if not allowed:
        return rules
    return replace(rules, allowlist=rules.allowlist | allowed, blocklist=rules.blocklist - allowed)
