"""Every example in a docstring runs and gives what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import backlint
import crawler
import dashboard
import grading

# The dashboard's entry point and pages are scripts that Streamlit runs: importing one
# runs the page, so they hold no examples; every other module's examples run here.
SCRIPTS = ("dashboard.app", "dashboard.views.")

MODULES = sorted(
    name for package in (backlint, crawler, grading, dashboard)
    for _, name, _ in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
    if not name.endswith("__main__") and not name.startswith(SCRIPTS)
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
