"""backlint: an open-source link-profile auditor.

The code follows the data, and every import points down this list (a test walks the
imports and fails on an upward arrow or a cycle):

1. **ground**, in this package: :mod:`backlint.errors` (the error tree),
   :mod:`backlint.settings`, :mod:`backlint.records` (the plain records everything passes
   on: ``Item``, ``Link``, ``ParsedPage``, ``PingCheck``), :mod:`backlint.urls` (the one URL
   normaliser and registrable domains), :mod:`backlint.decode` (the one charset policy),
   :mod:`backlint.text` (the one reader of comment markup) and :mod:`backlint.store` (the
   SQLite store: schema, migrations, the writer);
2. :mod:`crawler`: the outside world into records (discover, fetch, parse, verify, import);
3. :mod:`grading`: records into grades with reasons (pure), the cleanup policy;
4. the faces: :mod:`backlint.exports` (one module a format), :mod:`backlint.explain`,
   :mod:`backlint.demo` (the demo blog and its command), then :mod:`dashboard`, then
   :mod:`backlint.cli` on top.
"""

__version__ = "0.1.0"
