"""Settings precedence: defaults < config file < environment < command line."""

from __future__ import annotations

import pytest

from backlint.errors import ConfigError
from backlint.settings import Settings, load_settings


def test_precedence(tmp_path):
    config = tmp_path / "backlint.toml"
    config.write_text('[backlint]\ndelay = 2.5\nmax_pages = 50\nconcurrency = 3\nexclude = ["/tag/"]\n')
    s = load_settings(config, env={"BACKLINT_MAX_PAGES": "70", "BACKLINT_CONCURRENCY": "4"},
                      overrides={"concurrency": 5, "delay": None})
    assert (s.delay, s.max_pages, s.concurrency, s.exclude) == (2.5, 70, 5, ("/tag/",))


def test_defaults_are_polite():
    s = load_settings(env={})
    assert s.delay >= 1 and s.respect_robots and "+https://" in s.user_agent


@pytest.mark.parametrize("env,message", [
    ({"BACKLINT_DELAY": "soon"}, "BACKLINT_DELAY"),
    ({"BACKLINT_CONCURRENCY": "0"}, "concurrency must be at least 1"),
    ({"BACKLINT_RESPECT_ROBOTS": "maybe"}, "expected true or false"),
    ({"BACKLINT_EXCLUDE": "(unclosed"}, "invalid pattern"),
])
def test_bad_values_name_what_is_wrong(env, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_settings(env=env)


def test_unknown_config_key_is_an_error(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("dealy = 3\n")
    with pytest.raises(ConfigError, match="unknown setting 'dealy'"):
        load_settings(config, env={})


def test_every_setting_is_documented():
    from dataclasses import fields
    assert all(f.metadata.get("doc") for f in fields(Settings))
