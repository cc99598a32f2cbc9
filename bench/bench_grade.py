"""Grading speed and memory on generated audits of 10k, 100k and 1M links (offline).

Each audit is written straight into a fresh SQLite store — items with an author link
and 0–3 links in their text, spread over referring domains at 20 links a domain (50,000
domains for 1,000,000 links), names and texts a mix of genuine and spam — then graded
by ``grading.engine.grade_audit`` in a child process. Printed for each: wall and CPU
seconds (the child and its worker processes), the child's peak RSS, and the peak memory
of the whole process tree: the sum of each process's PSS (``/proc/<pid>/smaps_rollup``),
sampled every 0.1 s or so (:class:`TreePeak`), which counts a page the workers share with
the parent once. Targets (issue 3): 1M links in under 60 s, the tree's peak under 2 GB,
cost linear in links.

By default the texts are nine sentences repeated, so the text caches almost always hit;
``--unique-texts`` composes every item's text of its own (varied sentences, some 4 % in
another language than the site's), as in a real audit.

Usage::

    python bench/bench_grade.py                       # 10k, 100k, 1M links
    python bench/bench_grade.py --links 50000 --unique-texts
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GENUINE = [
    "Thanks, this fixed my sourdough starter. I wrote about mine on my blog.",
    "I tried the second method and it worked, although it took longer than you say.",
    "Could you explain the part about the temperature? Mine never gets above 18 degrees.",
    "We had the same problem with slugs last summer; copper tape helped a little.",
]
SPAM = [
    "Great post, thanks for sharing!",
    "Nice blog! Buy cheap viagra online without prescription, best prices.",
    "Very informative article. Check out my casino bonus page for free spins.",
    "I like this article very much. Payday loans approved in minutes, no credit check.",
    "[url=http://essay-writer.example/]best essay writing service[/url] cheap essays",
]
CLEAN_WORDS = ["garden", "kitchen", "travel", "notes", "studio", "press", "daily", "green", "maker", "home"]
SPAM_WORDS = ["casino", "pills", "loans", "essay", "replica", "crypto", "bet", "viagra", "payday", "seo"]
TLDS_CLEAN = ["com", "org", "net", "co.uk", "de", "fr", "blog"]
TLDS_SPAM = ["xyz", "top", "click", "icu", "buzz", "online", "site"]

# -- unique texts (--unique-texts) --------------------------------------------------------------

#: Words the sentences below are filled with, by slot.
SLOTS = {
    "topic": ["sourdough starter", "tomato seedlings", "bread dough", "compost heap", "cast iron pan",
              "kitchen garden", "rose cuttings", "pizza stone", "apple tree", "herb box", "chilli plants",
              "rye loaf", "fermented cabbage", "potato bed", "strawberry patch", "sewing machine", "bike chain",
              "wooden floor", "coffee grinder", "yoghurt maker", "bee hive", "greenhouse", "sauerkraut jar",
              "lemon tree", "raised bed", "bread oven", "knitting project", "chicken coop", "pond", "hedge"],
    "when": ["last summer", "last winter", "in the spring", "this morning", "a few weeks ago", "years ago",
             "over the holidays", "last autumn", "yesterday", "after the move"],
    "ordinal": ["first", "second", "third", "last", "simplest", "slowest"],
    "aspect": ["temperature", "timing", "watering", "salt ratio", "soil mix", "humidity", "kneading",
               "first rise", "pruning", "light", "drainage", "feeding schedule", "tension", "spacing"],
    "room": ["kitchen", "cellar", "garage", "shed", "living room", "attic", "hallway", "balcony"],
    "pest": ["slugs", "aphids", "mice", "mould", "snails", "ants", "fruit flies", "pigeons"],
    "remedy": ["copper tape", "a bit of vinegar", "coffee grounds", "a fine net", "patience", "more sun",
               "a warmer spot", "less water", "wood ash", "a fan"],
    "relative": ["grandmother", "neighbour", "uncle", "sister", "father", "colleague", "flatmate"],
    "thing": ["linen cloth", "proofing basket", "thermometer", "trowel", "glass jar", "clay pot", "scale"],
    "place": ["Scotland", "Ohio", "Bavaria", "Queensland", "Brittany", "Ontario", "Norway", "Texas", "Wales",
              "Andalusia", "Vermont", "Tasmania", "Yorkshire", "Quebec"],
    "drug": ["viagra", "cialis", "tramadol", "xanax", "diet pills", "steroids", "levitra"],
    "casino": ["casino bonus", "online slots", "poker room", "sports betting", "roulette"],
    "loan": ["Payday loans", "Cash advances", "Quick loans", "Title loans"],
    "service": ["essay writing service", "seo services", "backlinks", "replica watches", "crypto signals"],
    "praise": ["Great post", "Nice blog", "Very informative article", "Awesome article", "Good job",
               "Really nice write-up", "Thanks for sharing"],
    "spamword": ["casino", "pills", "loans", "essay", "replica", "crypto", "bet", "payday", "seo"],
}
GENUINE_SENTENCES = [
    "Thanks, this fixed my {topic}.", "I wrote about my own {topic} on my blog {when}.",
    "I tried the {ordinal} method and it worked, although it took longer than you say.",
    "Could you explain the part about the {aspect}?", "Mine never gets warm enough in the {room}.",
    "We had the same problem with {pest} {when}; {remedy} helped a little.",
    "My {relative} has done this for years and swears by {remedy}.",
    "Does this also work for a {topic} kept in the {room}?",
    "I would add that the {aspect} matters more than most people think.",
    "Where did you buy the {thing} in the photos?", "I disagree about the {aspect}: it made little difference for me.",
    "Bookmarked for when I finally have time for the {topic}.",
    "Our {topic} failed {when} and I never understood why until now.",
    "Is there a reason you use a {thing} for the {topic}?",
    "Much clearer about the {aspect} than the book I have.",
    "I live in {place} and the {aspect} is very different here.",
    "My {relative} in {place} asked me to send this along.",
    "The {ordinal} photo shows exactly what went wrong with my {topic}.",
]
SPAM_SENTENCES = [
    "{praise}, thanks for sharing!", "{praise}!", "Buy {drug} online without prescription, best prices.",
    "Check out my {casino} page for free spins.", "{loan} approved in minutes, no credit check.",
    "[url=http://{spamword}-{spamword}.example/]best {service}[/url] cheap {spamword}",
    "Visit www.{spamword}-deals.example for the cheapest {drug}.", "Earn $500 a day working from home!",
    "I like this article very much, please visit my {service} site.", "Cheap {drug} and {casino} here.",
]
#: Sentences in other languages than the site's English: (language, sentences), each with a {word}.
FOREIGN = [
    ("de", ["Vielen Dank für den Artikel über {word}, das hat mir sehr geholfen.",
            "Ich habe das mit meinem {word} ausprobiert und es hat nicht funktioniert.",
            "Kann man das auch im Winter machen, wenn es draußen kalt ist?",
            "Bei uns in der Gegend ist das ganz anders, weil der Boden sehr schwer ist."],
     ["Garten", "Brot", "Sauerteig", "Balkon", "Keller", "Apfelbaum", "Kompost"]),
    ("fr", ["Merci pour cet article sur le {word}, c'est vraiment très utile.",
            "J'ai essayé avec mon {word} mais ça n'a pas marché du tout.",
            "Est-ce que cela fonctionne aussi quand il fait froid dans la maison ?",
            "Chez nous la terre est très lourde et il faut attendre le printemps."],
     ["jardin", "pain", "levain", "balcon", "pommier", "potager", "four"]),
    ("es", ["Muchas gracias por este artículo sobre el {word}, me ha ayudado mucho.",
            "Lo probé con mi {word} pero no funcionó como esperaba.",
            "¿Se puede hacer también en invierno cuando hace mucho frío?",
            "En mi pueblo la tierra es muy dura y hay que regar todos los días."],
     ["huerto", "pan", "jardín", "balcón", "manzano", "horno", "compost"]),
    ("ru", ["Спасибо за статью про {word}, очень полезно и интересно.",
            "Я попробовал это со своим {word}, но ничего не получилось.",
            "Можно ли делать это зимой, когда на улице очень холодно?",
            "Купить дешевые таблетки без рецепта можно на нашем сайте."],
     ["сад", "хлеб", "огород", "балкон", "компост", "яблоню"]),
    ("it", ["Grazie mille per questo articolo sul {word}, è stato molto utile.",
            "Ho provato con il mio {word} ma non ha funzionato per niente.",
            "Si può fare anche in inverno quando fa molto freddo?",
            "Da noi la terra è molto pesante e bisogna aspettare la primavera."],
     ["giardino", "pane", "lievito", "balcone", "forno", "orto"]),
]
#: Share of items written in another language.
FOREIGN_SHARE = 0.04


def _fill(rng: random.Random, sentence: str) -> str:
    while "{" in sentence:
        start = sentence.index("{")
        end = sentence.index("}", start)
        sentence = sentence[:start] + rng.choice(SLOTS[sentence[start + 1:end]]) + sentence[end + 1:]
    return sentence


def unique_text(rng: random.Random, spam: bool, seen: set[str]) -> str:
    """A text of one to six sentences that no earlier item has: realistic variation,
    so caches keyed on the text (or on its words) miss as they would on a real audit.

    Example:
        >>> seen = set()
        >>> texts = [unique_text(random.Random(1), False, seen) for _ in range(3)]
        >>> len(set(texts)) == 3 and all(t in seen for t in texts)
        True
    """
    if rng.random() < FOREIGN_SHARE:
        _, sentences, words = rng.choice(FOREIGN)

        def pick() -> str:
            return rng.choice(sentences).replace("{word}", rng.choice(words))
    else:
        pool = SPAM_SENTENCES if spam else GENUINE_SENTENCES

        def pick() -> str:
            return _fill(rng, rng.choice(pool))

    parts = [pick() for _ in range(rng.choice([1, 2, 2, 3, 3, 4, 6]))]
    text = " ".join(parts)
    while text in seen:  # a repeat gets one more sentence
        text += " " + pick()
    seen.add(text)
    return text


# -- the audit ----------------------------------------------------------------------------------

def domain_name(rng: random.Random, n: int) -> str:
    if rng.random() < 0.35:
        return f"{rng.choice(SPAM_WORDS)}-{rng.choice(SPAM_WORDS)}{n}.{rng.choice(TLDS_SPAM)}"
    return f"{rng.choice(CLEAN_WORDS)}{rng.choice(CLEAN_WORDS)}{n}.{rng.choice(TLDS_CLEAN)}"


def generate(db: str, links_wanted: int, seed: int = 7, unique_texts: bool = False) -> tuple[int, int, int]:
    """Write one audit of about ``links_wanted`` links; return (items, links, domains).

    ``unique_texts`` gives every item a text of its own (:func:`unique_text`); the rest
    of the audit — items, authors, dates, links, domains — is the same either way.
    """
    from backlint.store import Store

    rng = random.Random(seed)
    text_rng = random.Random(seed + 1)
    seen: set[str] = set()
    store = Store(db)
    site = store.ensure_site("https://blog.example/")
    audit = store.start_audit(site, "https://blog.example/", {})
    n_domains = max(10, links_wanted // 20)
    domains = [domain_name(rng, n) for n in range(n_domains)]
    item_rows, link_rows = [], []
    item_id = link_id = 0
    while link_id < links_wanted:
        item_id += 1
        spam = rng.random() < 0.4
        kind = "comment" if rng.random() < 0.9 else rng.choice(["trackback", "pingback"])
        domain = rng.choice(domains)
        author_url = f"https://www.{domain}/"
        text = rng.choice(SPAM if spam else GENUINE)
        if unique_texts:
            text = unique_text(text_rng, spam, seen)
        author = rng.choice(["Best Payday Loans", "cheap pills", "Casino Bonus"]) if spam else \
            rng.choice(["Anna", "Tom Baker", "J. Smith", "gardener42"])
        date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00+00:00"
        item_rows.append((item_id, audit, f"id:{item_id}", kind, str(item_id),
                          f"https://blog.example/post-{rng.randint(1, 2000)}/", author, author_url, date, text,
                          None, "html", "wordpress", None))
        direction = "inbound" if kind != "comment" else "outbound_ugc"
        link_id += 1
        link_rows.append((link_id, audit, item_id, author_url, author, "external nofollow ugc", 1, direction,
                          domain, f"www.{domain}"))
        for _ in range(rng.choice([0, 0, 1, 2, 3]) if link_id < links_wanted else 0):
            other = rng.choice(domains)
            link_id += 1
            rel = "nofollow ugc" if rng.random() < 0.95 else ""
            link_rows.append((link_id, audit, item_id, f"http://{other}/page-{link_id}", "cheap offer",
                              rel, 0, "outbound_ugc", other, other))
    with store.transaction() as conn:
        conn.executemany("INSERT INTO items (id, audit_id, item_key, type, site_item_id, post_url, author_name,"
                         " author_url, date, text, parent_id, sources, engine, page_url)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", item_rows)
        conn.executemany("INSERT INTO links (id, audit_id, item_id, url, anchor, rel, is_author_link, direction,"
                         " domain, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", link_rows)
        store.refresh_referring_domains(audit)
    store.close()
    return len(item_rows), len(link_rows), n_domains


# -- measuring ----------------------------------------------------------------------------------

def grade_child(db: str) -> None:
    """Grade the audit in this process; print wall seconds, CPU seconds (this process and
    its workers) and this process's peak RSS in KiB."""
    from grading.engine import grade_audit

    started, cpu = time.monotonic(), _cpu_seconds()
    grade_audit(db)
    print(time.monotonic() - started, _cpu_seconds() - cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _cpu_seconds() -> float:
    # Workers count once they have ended and been waited for, as the pool does on closing.
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process descended from it (Linux ``/proc``)."""
    tree, at = [pid], 0
    while at < len(tree):
        try:
            tasks = os.listdir(f"/proc/{tree[at]}/task")
        except OSError:  # it ended meanwhile
            tasks = []
        for task in tasks:
            try:
                with open(f"/proc/{tree[at]}/task/{task}/children") as children:
                    tree.extend(int(child) for child in children.read().split())
            except OSError:
                pass
        at += 1
    return tree


def tree_pss_kib(pid: int) -> int:
    """The summed proportional set size (PSS) of a process tree, in KiB: a page shared by
    n of its processes counts 1/n in each, so shared pages count once in all."""
    total = 0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:  # it ended meanwhile
            pass
    return total


class TreePeak:
    """Samples a process tree's summed PSS in a thread until stopped; keeps the peak (KiB).

    A sample walks every page table of the tree (some 15 ms a gigabyte): the pause after
    one is at least four times as long, so sampling takes at most a fifth of a core.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.peak = 0
        self._pid, self._interval = pid, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        pause = self._interval
        while not self._stop.wait(pause):
            started = time.monotonic()
            self.peak = max(self.peak, tree_pss_kib(self._pid))
            pause = max(self._interval, 4 * (time.monotonic() - started))

    def stop(self) -> int:
        """Stop sampling; return the peak."""
        self._stop.set()
        self._thread.join()
        return self.peak


def measure(db: str) -> tuple[float, float, float, float]:
    """Grade ``db`` in a child process: (wall s, CPU s, the child's peak RSS MiB, the tree's peak PSS MiB)."""
    child = subprocess.Popen([sys.executable, __file__, "--grade-child", db], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    sampler = TreePeak(child.pid)
    out, err = child.communicate()
    tree_kib = sampler.stop()
    if child.returncode != 0:
        print(err[-2000:], file=sys.stderr)
        raise SystemExit(child.returncode)
    seconds, cpu, peak_kib = (float(v) for v in out.split()[-3:])
    return seconds, cpu, peak_kib / 1024, tree_kib / 1024


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--grade-child":
        grade_child(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--unique-texts", action="store_true", help="give every item a text of its own")
    args = parser.parse_args()
    print(f"{'links':>10} {'items':>9} {'domains':>8} {'seconds':>8} {'CPU s':>7} {'links/s':>9} "
          f"{'max RSS MB':>10} {'tree PSS MB':>11}")
    with tempfile.TemporaryDirectory(prefix="backlint-grade-bench-") as workdir:
        for n in args.links:
            db = str(Path(workdir) / f"grade-{n}.db")
            items, links, domains = generate(db, n, unique_texts=args.unique_texts)
            seconds, cpu, rss_mib, tree_mib = measure(db)
            print(f"{links:>10,} {items:>9,} {domains:>8,} {seconds:>8.1f} {cpu:>7.1f} {links / seconds:>9,.0f} "
                  f"{rss_mib:>10,.0f} {tree_mib:>11,.0f}", flush=True)
            Path(db).unlink()


if __name__ == "__main__":
    main()
