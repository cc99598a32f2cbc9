"""Only the store package writes SQL: no module outside ``backlint/store/`` holds a write statement.

Walks every module of the four packages with ``ast`` and looks at its string constants
(f-strings too, their literal parts joined), docstrings aside, for the shape of an SQL
statement that changes the file: INSERT, UPDATE, DELETE, REPLACE, CREATE, DROP, ALTER.
Reading (SELECT) is allowed anywhere.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("backlint", "crawler", "grading", "dashboard")
STORE = ROOT / "backlint" / "store"


WRITE = re.compile(
    r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE\s+(?:OR\s+\w+\s+)?[\w.\"]+\s+SET|DELETE\s+FROM"
    r"|CREATE\s+(?:TEMP\s+|TEMPORARY\s+|UNIQUE\s+|VIRTUAL\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)"
    r"|DROP\s+(?:TABLE|INDEX|VIEW|TRIGGER)|ALTER\s+TABLE)\b",
    re.IGNORECASE)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes (prose may name a statement)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def write_statements(source: str) -> list[tuple[int, str]]:
    """The SQL write statements in a module's source: ``(line, statement)`` each."""
    tree = ast.parse(source)
    # An f-string is read whole, not again piece by piece.
    skip = _docstrings(tree) | {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                                for part in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value if isinstance(part, ast.Constant) else " x " for part in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
        else:
            continue
        found.extend((node.lineno, " ".join(m.group(0).split())) for m in WRITE.finditer(text))
    return found


@pytest.mark.parametrize(("source", "found"), [
    ('conn.execute("UPDATE audits SET notices = ? WHERE id = ?", args)', [(1, "UPDATE audits SET")]),
    ('conn.execute(f"DELETE FROM {table} WHERE audit_id = ?", args)', [(1, "DELETE FROM")]),
    ('conn.executemany("INSERT OR REPLACE INTO labels VALUES (?, ?)"\n                 " ", rows)',
     [(1, "INSERT OR REPLACE INTO")]),
    ('SCHEMA = """\n-- the table\ncreate table t (a)\n"""', [(1, "create table")]),
    ('conn.execute("REPLACE INTO t VALUES (1)")', [(1, "REPLACE INTO")]),
    ('conn.execute("ALTER TABLE t ADD COLUMN b"); conn.execute("DROP INDEX i")',
     [(1, "ALTER TABLE"), (1, "DROP INDEX")]),
    ('conn.execute("SELECT replace(url, \'a\', \'b\') FROM links WHERE kind = \'update\'")', []),
    ('def f():\n    """Delete from the store what the user no longer wants."""', []),
    ('message = "update the rules, then set them again"', []),
])
def test_the_scan_knows_a_write_from_a_read(source: str, found: list[tuple[int, str]]) -> None:
    assert sorted(write_statements(source)) == sorted(found)


def modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def test_only_the_store_writes_sql() -> None:
    offenders = []
    for path in modules():
        name = path.relative_to(ROOT).as_posix()
        if path.is_relative_to(STORE):
            continue
        offenders += [f"{name}:{line}: {statement}"
                      for line, statement in write_statements(path.read_text(encoding="utf-8"))]
    assert not offenders, ("SQL writes outside backlint/store/ (add a function or a Store method there and "
                           "call it):\n" + "\n".join(offenders))


def test_the_scan_sees_the_stores_own_writes() -> None:
    # The check above is only as good as the scan: the store's own statements must show in it.
    seen = {statement.split()[0].upper() for path in STORE.rglob("*.py")
            for _, statement in write_statements(path.read_text(encoding="utf-8"))}
    assert seen >= {"INSERT", "UPDATE", "DELETE", "CREATE"}
