"""The project uses Django's documented APIs only, so an upgrade cannot break it silently."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(path for package in ("articles", "backpain", "faq") for path in (ROOT / package).rglob("*.py"))
# The query compiler and the cache backends' private state: what backpain/compiled.py and backpain/cache.py used.
FORBIDDEN_MODULES = ("django.db.models.sql", "django.core.cache.backends.redis._")
FORBIDDEN_ATTRIBUTES = {"get_compiler", "sql_with_params", "_cache", "_client", "_class", "_servers", "_options"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_reaches_into_djangos_query_compiler_or_cache_internals(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(FORBIDDEN_MODULES):
            problems.append(f"line {node.lineno}: from {node.module} import …")
        if isinstance(node, ast.Import):
            problems += [
                f"line {node.lineno}: import {a.name}" for a in node.names if a.name.startswith(FORBIDDEN_MODULES)
            ]
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            problems.append(f"line {node.lineno}: .{node.attr}")
    assert not problems, problems


def test_the_scan_sees_the_project():
    assert ROOT / "articles" / "reads.py" in SOURCES and len(SOURCES) > 50
