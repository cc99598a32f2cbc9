"""Every SQLite connection backlint opens is closed, on the error paths too.

Python 3.13 warns (``ResourceWarning: unclosed database``) when an open connection is
collected; ``tests/sqlite_leaks.py`` gives earlier Pythons the same warning, so a leak
fails the suite wherever it runs. The tests here hold on to each connection opened, so
they see a leak even where nothing is collected.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from contextlib import closing

import pytest
from click.testing import CliRunner

from backlint.cli import cli
from backlint.errors import BacklintError, StoreError
from backlint.store import Store
from dashboard import data


@pytest.fixture
def opened(monkeypatch) -> Iterator[list[sqlite3.Connection]]:
    """The connections that ``sqlite3.connect`` hands out during the test."""
    connections: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def recording(*args, **kwargs):
        connections.append(connect(*args, **kwargs))
        return connections[-1]

    monkeypatch.setattr(sqlite3, "connect", recording)
    yield connections
    for conn in connections:
        conn.close()  # a leak found above, closed so that only its own test fails


def still_open(connections: list[sqlite3.Connection]) -> list[sqlite3.Connection]:
    """The connections that nobody closed."""
    left = []
    for conn in connections:
        try:
            conn.total_changes
        except sqlite3.ProgrammingError:  # "Cannot operate on a closed database."
            continue
        left.append(conn)
    return left


def test_a_file_that_is_no_database_is_refused_with_its_connection_closed(tmp_path, opened):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a database"):
        Store(str(path))
    assert opened and still_open(opened) == []


def test_a_store_written_by_a_newer_backlint_is_refused_with_its_connection_closed(tmp_path, opened):
    path = str(tmp_path / "newer.db")
    with closing(Store(path)) as store:
        store.conn.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(StoreError, match="newer backlint"):
        Store(path)
    assert len(opened) == 2 and still_open(opened) == []


def test_the_dashboard_names_a_file_that_is_no_store_and_keeps_nothing_open(tmp_path, opened):
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 100)
    for read in (data.store_token, data.is_empty):
        with pytest.raises(BacklintError, match="not a database"):
            read(str(path))
    assert len(opened) == 2 and still_open(opened) == []


def test_the_audits_command_closes_its_store(tmp_path, opened):
    path = str(tmp_path / "s.db")
    with closing(Store(path)) as store:
        store.start_audit(store.ensure_site("https://blog.example/"), "https://blog.example/", {})
    result = CliRunner().invoke(cli, ["audits", "--db", path])
    assert result.exit_code == 0, result.output
    assert "https://blog.example/" in result.output
    assert len(opened) == 2 and still_open(opened) == []


def test_an_unclosed_connection_warns_on_every_python():
    with pytest.warns(ResourceWarning, match="unclosed database"):
        conn = sqlite3.connect(":memory:")
        del conn
        gc.collect()
