"""The command line made from the settings: options from the fields' docs, ``--config``
everywhere settings are read, and the precedence defaults < config file < environment <
command line."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import backlint.cli as cli_module
from backlint.cli import CRAWL_SETTINGS, FETCH_SETTINGS, IMPORT_SETTINGS, STORE_SETTINGS, cli, dashboard_command
from backlint.settings import CONFIG_ENV, SETTING_INFO, Settings, load_settings

WXR_12 = Path(__file__).parent / "fixtures" / "imports" / "wxr" / "wxr-1.2-moderated.xml"

#: What each command reads, written out here so that a change to it is a decision.
DECLARED = {
    "crawl": set(SETTING_INFO), "demo": set(SETTING_INFO),
    "grade": set(FETCH_SETTINGS), "verify": set(FETCH_SETTINGS),
    "import": {"db", "keep_personal"},
    "audits": {"db"}, "explain": {"db"}, "export": {"db"}, "learn": {"db"}, "dashboard": {"db"},
    "demo-site": set(),
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No BACKLINT_* variable and no ./backlint.toml from the machine running the tests."""
    for name in [CONFIG_ENV, *(info.env for info in SETTING_INFO.values())]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def squeeze(text: str) -> str:
    """Text without whitespace: click wraps help lines, at spaces and after hyphens."""
    return "".join(text.split())


def declared(command: click.Command) -> list[str]:
    return [p.name for p in command.params if p.name in SETTING_INFO]


def write_config(path: Path, body: str) -> str:
    path.write_text("[backlint]\n" + body, encoding="utf-8")
    return str(path)


def test_each_command_declares_the_settings_it_reads():
    assert {name: set(declared(command)) for name, command in cli.commands.items()} == DECLARED
    assert set(CRAWL_SETTINGS) == set(SETTING_INFO) and len(CRAWL_SETTINGS) == len(SETTING_INFO)
    assert set(STORE_SETTINGS) <= set(FETCH_SETTINGS) and set(IMPORT_SETTINGS) == DECLARED["import"]
    # Settings readers take --config too; a crawl-only setting has no option on grade.
    for name, command in cli.commands.items():
        params = {p.name for p in command.params}
        assert ("config_file" in params) == bool(DECLARED[name]), name
    assert not {"max_pages", "include", "wp_user", "use_rest"} & set(declared(cli.commands["grade"]))


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_help_shows_each_declared_setting_with_its_doc_and_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
    help_text = squeeze(result.output)
    for field in declared(cli.commands[name]):
        info = SETTING_INFO[field]
        assert squeeze(info.doc) in help_text, field
        flag = "--" + field.replace("_", "-")
        assert flag in result.output, field
    if "db" in declared(cli.commands[name]):
        assert "--config" in result.output


def test_the_settings_docstring_is_made_from_the_same_docs():
    doc = squeeze(Settings.__doc__ or "")
    for info in SETTING_INFO.values():
        assert squeeze(f"{info.name} ({info.annotation}): {info.doc}") in doc


def test_old_spellings_still_work(monkeypatch):
    seen = {}
    monkeypatch.setattr(cli_module, "_run_crawl", lambda url, settings, **kw: seen.update(settings=settings))
    result = CliRunner().invoke(cli, ["crawl", "https://blog.example/", "--timeout", "4", "--no-rest",
                                      "--no-sitemaps", "--no-feeds", "--keep-personal", "--include", "/a/",
                                      "--include", "/b/", "-q"])
    assert result.exit_code == 0, result.output
    s = seen["settings"]
    assert (s.read_timeout, s.use_rest, s.use_sitemaps, s.use_feeds, s.keep_personal, s.include) == (
        4.0, False, False, False, True, ("/a/", "/b/"))


def test_command_line_beats_environment_beats_config_file(monkeypatch, tmp_path):
    config = write_config(tmp_path / "c.toml", 'delay = 5.0\nmax_pages = 7\nconcurrency = 3\nuse_rest = false\n'
                                               'exclude = ["/a/"]\nread_timeout = 9.0\nrespect_robots = false\n')
    env = {"BACKLINT_DELAY": "6", "BACKLINT_MAX_PAGES": "8", "BACKLINT_USE_REST": "false",
           "BACKLINT_PER_HOST_CONCURRENCY": "1"}
    seen = {}
    monkeypatch.setattr(cli_module, "_run_crawl", lambda url, settings, **kw: seen.update(settings=settings))
    result = CliRunner().invoke(cli, ["crawl", "https://blog.example/", "--config", config, "--delay", "0.25",
                                      "--max-pages", "9", "--use-rest", "--exclude", "/b/", "--timeout", "4",
                                      "--respect-robots"], env=env)
    assert result.exit_code == 0, result.output
    s = seen["settings"]
    # The command line over both; the environment over the file; the file over the defaults.
    assert (s.delay, s.max_pages, s.use_rest, s.exclude, s.read_timeout, s.respect_robots) == (
        0.25, 9, True, ("/b/",), 4.0, True)
    assert (s.per_host_concurrency, s.concurrency, s.max_depth) == (1, 3, 10)


@pytest.mark.parametrize("command", ["audits", "explain", "export", "learn", "verify", "grade"])
def test_the_store_comes_from_the_command_line_then_environment_then_config(command, tmp_path):
    config = write_config(tmp_path / "c.toml", f'db = "{tmp_path / "from-config.db"}"\n')
    extra = {"explain": ["x.example"], "export": ["--out", str(tmp_path / "o.csv")]}.get(command, [])
    runner = CliRunner()

    def store_used(args: list[str], env: dict[str, str]) -> str:
        result = runner.invoke(cli, [command, *extra, "--config", config, *args], env=env)
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        return result.output.split("no store at ")[1].split(":")[0]

    env = {"BACKLINT_DB": str(tmp_path / "from-env.db")}
    assert store_used([], {}) == str(tmp_path / "from-config.db")
    assert store_used([], env) == str(tmp_path / "from-env.db")
    assert store_used(["--db", str(tmp_path / "from-cli.db")], env) == str(tmp_path / "from-cli.db")


def test_verify_reads_the_store_of_its_config_file(tmp_path):
    # Before, verify took --config for its delay but looked for the store without it.
    config = write_config(tmp_path / "c.toml", f'db = "{tmp_path / "named.db"}"\n')
    result = CliRunner().invoke(cli, ["verify", "--config", config, "-q"])
    assert result.exit_code == 1 and f"no store at {tmp_path / 'named.db'}" in result.output


def stored_emails(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as conn:
        return {r[0] for r in conn.execute("SELECT author_email FROM items WHERE author_email IS NOT NULL")}


def test_import_reads_store_and_keep_personal_from_config(tmp_path):
    config = write_config(tmp_path / "c.toml", f'db = "{tmp_path / "kept.db"}"\nkeep_personal = true\n')
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(WXR_12), "--config", config])
    assert result.exit_code == 0, result.output
    assert "Alice@Mail.example" in stored_emails(tmp_path / "kept.db")
    # The command line wins over the file, in both directions.
    result = runner.invoke(cli, ["import", str(WXR_12), "--config", config, "--db", str(tmp_path / "hashed.db"),
                                 "--no-keep-personal"])
    assert result.exit_code == 0, result.output
    emails = stored_emails(tmp_path / "hashed.db")
    assert emails and all(e.startswith("sha256:") for e in emails)


def labelled_csv(path: Path) -> str:
    rows = ["author,author_url,content,date,label"]
    for i in range(12):
        rows.append(f"Buyer {i},https://pills{i}.example/,Cheap pills {i} buy now https://pills{i}.example/,"
                    f"2024-01-{i + 1:02d},spam")
        rows.append(f"Reader {i},,Thanks for the post about soil number {i}; it helped my garden,"
                    f"2024-02-{i + 1:02d},ham")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def test_learn_reads_the_store_of_its_config_file(tmp_path):
    config = write_config(tmp_path / "c.toml", f'db = "{tmp_path / "labels.db"}"\n')
    runner = CliRunner()
    result = runner.invoke(cli, ["import", labelled_csv(tmp_path / "l.csv"), "--site", "https://blog.example/",
                                 "--config", config])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["learn", "--config", config])
    assert result.exit_code == 0, result.output
    assert "from 24 labels (12 spam)" in result.output


def test_dashboard_passes_store_and_config_file_to_streamlit(monkeypatch, tmp_path):
    config = write_config(tmp_path / "c.toml", f'db = "{tmp_path / "dash.db"}"\ndelay = 3.0\n')
    command, env = dashboard_command(str(tmp_path / "dash.db"), 8555, config, environ={"PATH": "/bin"})
    assert command[1:4] == ["-m", "streamlit", "run"] and command[command.index("--server.port") + 1] == "8555"
    assert env == {"PATH": "/bin", "BACKLINT_DB": str(tmp_path / "dash.db"), CONFIG_ENV: config}

    seen = {}

    def execve(path, argv, env):
        seen.update(path=path, argv=argv, env=env)
        raise SystemExit(0)

    monkeypatch.setattr(cli_module.os, "execve", execve)
    result = CliRunner().invoke(cli, ["dashboard", "--config", "c.toml"])
    assert result.exit_code == 0, result.output
    assert seen["env"]["BACKLINT_DB"] == str(tmp_path / "dash.db")
    assert seen["env"][CONFIG_ENV] == config  # made absolute: the server may not share our directory
    # What the server's crawls then use (dashboard/jobs.py loads its settings from the environment).
    from dashboard.jobs import crawl_settings

    for name in ("BACKLINT_DB", CONFIG_ENV):
        monkeypatch.setenv(name, seen["env"][name])
    assert crawl_settings(seen["env"]["BACKLINT_DB"]).delay == 3.0


@pytest.mark.parametrize("args", [["import", "x.csv"], ["learn"], ["dashboard"], ["audits"]])
def test_a_bad_config_file_is_one_line(args):
    result = CliRunner().invoke(cli, [*args, "--config", "missing.toml"])
    assert result.exit_code == 1 and "Error: cannot read config file missing.toml" in result.output
    assert "Traceback" not in result.output


def test_the_environment_can_name_the_config_file(tmp_path):
    named = write_config(tmp_path / "named.toml", "delay = 2.0\nmax_pages = 5\n")
    other = write_config(tmp_path / "other.toml", "delay = 4.0\n")
    assert load_settings(env={CONFIG_ENV: named}).delay == 2.0
    assert load_settings(env={CONFIG_ENV: named, "BACKLINT_DELAY": "3"}).delay == 3.0
    assert load_settings(other, env={CONFIG_ENV: named}).max_pages == 10_000  # --config wins
    (tmp_path / "backlint.toml").write_text("max_pages = 6\n")
    assert load_settings(env={CONFIG_ENV: named}).max_pages == 5  # not both files
    assert load_settings(env={}).max_pages == 6
