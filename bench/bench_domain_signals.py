"""Speed of the domain identity signals on 50,000 generated referring domains.

Domain signals run once per referring domain (50,000 in the 1M-link audit of issue 3),
so together they must stay well under 40 µs a domain. The domains are a seeded mix of
genuine-looking names, spam names, random strings, free-host and shortener sites,
internationalised names and IP addresses, each with one to three hosts. Prints µs per
domain for all signals together and for each one; never asserts on time.

Usage::

    python bench/bench_domain_signals.py                 # 50,000 domains
    python bench/bench_domain_signals.py --domains 200000
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ["garden", "kitchen", "travel", "notes", "studio", "press", "daily", "green", "maker",
         "home", "river", "north", "photo", "craft", "coffee", "bike", "code", "school"]
SPAM = ["casino", "pills", "loans", "essay", "replica", "crypto", "bet", "viagra", "payday",
        "seo", "cheap", "online", "porn", "followers", "kredit", "apuestas"]
TLDS = ["com", "org", "net", "co.uk", "de", "fr", "blog", "xyz", "top", "click", "icu", "buzz",
        "online", "site", "tk", "shop"]
FREE = ["blogspot.com", "wordpress.com", "netlify.app", "github.io", "000webhostapp.com"]
IDN = ["xn--pypal-4ve.com", "xn--mnchen-3ya.de", "xn--80ak6aa92e.com", "xn--e1afmkfd.xn--p1ai"]


def domain_name(rng: random.Random, n: int) -> str:
    """One generated registrable domain."""
    kind = rng.random()
    if kind < 0.45:
        return f"{rng.choice(WORDS)}{rng.choice(WORDS)}.{rng.choice(TLDS)}"
    if kind < 0.75:
        return f"{rng.choice(SPAM)}-{rng.choice(SPAM)}{n % 1000}.{rng.choice(TLDS)}"
    if kind < 0.87:
        letters = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(6, 14)))
        return f"{letters}.{rng.choice(TLDS)}"
    if kind < 0.94:
        return f"{rng.choice(WORDS)}{n}.{rng.choice(FREE)}"
    if kind < 0.97:
        return rng.choice(IDN)
    if kind < 0.99:
        return f"203.0.113.{n % 256}"
    return rng.choice(["bit.ly", "t.co", "tinyurl.com"])


def generate(count: int, seed: int = 11) -> list:
    """``count`` DomainFacts with one to three hosts each."""
    from grading.core import DomainFacts

    rng = random.Random(seed)
    facts = []
    for n in range(count):
        domain = domain_name(rng, n)
        hosts = [domain, f"www.{domain}", f"blog.{domain}"][: rng.randint(1, 3)]
        facts.append(DomainFacts(domain, tuple(hosts)))
    return facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the domains (best is shown)")
    args = parser.parse_args()

    from grading.core import SIGNALS, Context
    from grading.rules import load_rules
    from grading.signals.domain import view_of  # importing registers the domain signals

    facts = generate(args.domains)
    # A user's blocklist of a few thousand domains, so domain.blocklisted does its lookups.
    blocklist = frozenset(f.domain for f in facts[::20])
    ctx = Context(rules=dataclasses.replace(load_rules(), blocklist=blocklist))
    signals = [s for s in SIGNALS.values() if s.name.startswith("domain.") and s.subject == "domain"]

    n = len(facts)
    # All signals as the engine runs them (each domain once, every signal in a row), best
    # of --repeat passes: other processes on the machine only ever slow a pass down. Each
    # pass starts from a fresh rules object, so reading the tables is counted too.
    # CPU time is shown beside wall time: on a shared machine it is the steadier figure.
    passes = []
    cpu = []
    for _ in range(args.repeat):
        ctx = Context(rules=dataclasses.replace(ctx.rules))
        start, cpu_start = time.perf_counter(), time.process_time()
        for fact in facts:
            for sig in signals:
                sig.fn(fact, ctx)
        passes.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)

    # Where the time goes: splitting the name once (view_of), then each signal.
    per_signal = {"(view_of: the name split once)": 0.0} | {s.name: 0.0 for s in signals}
    fired = {s.name: 0 for s in signals}
    for fact in facts:
        t0 = time.perf_counter()
        view_of(fact)
        per_signal["(view_of: the name split once)"] += time.perf_counter() - t0
        for sig in signals:
            t0 = time.perf_counter()
            hit = sig.fn(fact, ctx)
            per_signal[sig.name] += time.perf_counter() - t0
            fired[sig.name] += hit is not None

    best = min(passes)
    print(f"{n:,} domains, {len(signals)} domain signals")
    print(f"all domain signals: {best / n * 1e6:.1f} µs per domain, best of {len(passes)} passes "
          f"({best:.2f} s; slowest pass {max(passes) / n * 1e6:.1f} µs; "
          f"CPU time {min(cpu) / n * 1e6:.1f} µs per domain)")
    print("per part (timed one call at a time, so the sum runs higher):")
    for name in sorted(per_signal, key=lambda k: -per_signal[k]):
        rate = f"   fired on {fired[name] / n:6.1%}" if name in fired else ""
        print(f"  {name:34} {per_signal[name] / n * 1e6:6.2f} µs{rate}")


if __name__ == "__main__":
    main()
