"""Micro-benchmark of the content, behaviour and hygiene signals, and of ``audit_stats``.

Prints seconds to build the audit statistics, microseconds per item for all item
signals together (as the engine runs them: the first reads the text, the others reuse
it) and for each alone, over generated items (a mix of genuine comments, comment spam,
pings and texts in other languages, half of them unique), and microseconds per link for
the link signals. CPU time is printed beside wall time: on a shared machine it is the
figure to compare. Figures only; nothing is asserted on time.

Usage::

    .venv/bin/python bench/bench_item_signals.py [--items 100000] [--stats-items 500000]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta, timezone

from grading.core import SIGNALS, Context, ItemFacts, LinkFacts
from grading.rules import load_rules
from grading.signals.behaviour import audit_stats
from grading.signals.content import item_text_facts, lexicon_for

GENUINE = [
    "Thanks, this fixed my sourdough starter! I wrote about mine here: my blog",
    "I tried the second method with rye flour and it took four days before it bubbled properly. "
    "Does the room temperature matter that much, or was my flour simply too old?",
    "Interesting point about hydration. In my experience a wetter dough needs a longer bulk "
    "ferment, and I usually fold it every half hour during the first two hours.",
    "Could you share the exact amounts you used for the levain? The recipe card seems to be missing them.",
    "We have been baking this every weekend since spring and the kids love it.",
]
SPAM = [
    "Great post, thanks for sharing! [url=http://{d}/]cheap pills[/url]",
    "Nice blog! Check out my channel and please subscribe http://{d}/watch",
    "EARN $500 A DAY WORKING FROM HOME!!! VISIT http://{d}/ NOW",
    "Very informative article. Best payday loans online at {d}",
    "I like this article very much <3 http://{d}/casino-bonus http://{d}/slots http://{d}/poker",
]
FOREIGN = [
    "Das ist ein sehr schöner Artikel, vielen Dank für die Mühe und die ausführliche Erklärung.",
    "Очень интересная статья, спасибо автору за подробное объяснение и примеры.",
    "Merci pour cet article, c'est très intéressant et je vais essayer la recette ce week-end.",
]
PINGS = ["[…] Read More here: {d}/x […]", "[...] Find More on that Topic: {d} [...]",
         "[…] I wrote about proofing baskets last week and this post explains the science well […]"]
NAMES = ["Anna", "Mark Miller", "Buy Cheap Pills", "Best Payday Loans", "casino-bonus.xyz", "cheap seo services",
         "Jo", "Sourdough Sam"]


def generate(count: int, domains: int, seed: int = 7) -> list[ItemFacts]:
    """Generate ``count`` items from ``domains`` referring domains, some in bursts."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    items = []
    for n in range(count):
        domain = f"site{rng.randrange(domains)}.example"
        kind = rng.random()
        item_type = "comment"
        if kind < 0.45:
            text = rng.choice(GENUINE)
        elif kind < 0.8:
            text = rng.choice(SPAM).format(d=domain)
        elif kind < 0.9:
            text = rng.choice(FOREIGN)
        else:
            text = rng.choice(PINGS).format(d=domain)
            item_type = rng.choice(("trackback", "pingback"))
        author = LinkFacts(url=f"https://{domain}/", host=domain, domain=domain, anchor="",
                           rel=("external", "nofollow", "ugc"), is_author_link=True,
                           direction="inbound" if item_type != "comment" else "outbound_ugc")
        links = [author]
        if rng.random() < 0.3:
            links.append(LinkFacts(url=f"http://{domain}/p", host=domain, domain=domain, anchor="cheap pills",
                                   rel=rng.choice([("nofollow", "ugc"), (), None, ("external",)])))
        moment = start + timedelta(seconds=rng.randrange(0, 3 * 365 * 86400) if rng.random() < 0.9
                                   else rng.randrange(0, 600))
        items.append(ItemFacts(key=f"k{n}", type=item_type, author_name=rng.choice(NAMES), author_url=author.url,
                               text=text + ("" if rng.random() < 0.5 else f" #{n}"), date=moment.isoformat(),
                               post_url=f"https://blog.example/post-{rng.randrange(2000)}/", links=tuple(links)))
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000, help="items the signals are timed on")
    parser.add_argument("--stats-items", type=int, default=500_000, help="items audit_stats is timed on")
    args = parser.parse_args()

    rules = load_rules()
    big = generate(args.stats_items, domains=50_000)
    began, cpu = time.perf_counter(), time.process_time()
    stats = audit_stats(big, site_domains={"blog.example"}, site_name="Blog")
    built, built_cpu = time.perf_counter() - began, time.process_time() - cpu
    print(f"audit_stats: {args.stats_items:,} items in {built:.2f} s ({built_cpu:.2f} s of CPU, "
          f"{built_cpu / args.stats_items * 1e6:.1f} µs/item, loading the language model once included); "
          f"site language {stats.site_language}, "
          f"{len(stats.near_duplicates):,} items with copies, {len(stats.items_per_domain):,} domains")

    items = big[: args.items]
    ctx = Context(rules=rules, stats=stats)
    ours = [s for s in SIGNALS.values() if s.name.split(".")[0] in ("content", "behaviour", "hygiene")]
    item_signals = [s for s in ours if s.subject == "item"]
    lexicon = lexicon_for(rules)
    for s in item_signals:  # load the word lists and the language model outside the timing
        s.fn(items[0], ctx)

    began, cpu = time.perf_counter(), time.process_time()
    for item in items:
        for s in item_signals:
            s.fn(item, ctx)
    together, together_cpu = time.perf_counter() - began, time.process_time() - cpu
    print(f"\nall {len(item_signals)} item signals, as the engine runs them: {together / len(items) * 1e6:.1f} "
          f"µs/item ({together_cpu / len(items) * 1e6:.1f} µs of CPU)")

    lexicon.analyse.cache_clear()
    cpu = time.process_time()
    for item in items:
        lexicon.analyse(item.text)
    print(f"of which reading the text once (cached for the others): "
          f"{(time.process_time() - cpu) / len(items) * 1e6:.1f} µs of CPU/item")

    # Each signal alone, its item's text already read (the engine's case for all but the first).
    spent = dict.fromkeys((s.name for s in item_signals), 0.0)
    fired = dict.fromkeys(spent, 0)
    clock = time.perf_counter
    for item in items:
        item_text_facts(item, ctx)
        for s in item_signals:
            began = clock()
            hit = s.fn(item, ctx)
            spent[s.name] += clock() - began
            fired[s.name] += hit is not None
    print(f"\n{'signal (text already read)':40} {'µs/item':>8} {'fired':>8}")
    for name in spent:
        print(f"{name:40} {spent[name] / len(items) * 1e6:8.2f} {fired[name]:8,}")

    links = [link for item in items for link in item.links]
    for s in (s for s in ours if s.subject == "link"):
        began = time.perf_counter()
        count = sum(1 for link in links if s.fn(link, ctx) is not None)
        print(f"{s.name:40} {(time.perf_counter() - began) / len(links) * 1e6:8.2f} {count:8,}  (per link)")


if __name__ == "__main__":
    main()
