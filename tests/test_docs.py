"""Documentation covers what the code offers (datasette's habit)."""

from __future__ import annotations

import re

import typer.main

from reportedly import __all__ as public
from reportedly.cli import app

from .conftest import ROOT


def _command_names(group: typer.Typer, prefix: str = "") -> list[str]:
    click_group = typer.main.get_command(group)
    names: list[str] = []

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{path} {name}".strip())
        else:
            names.append(path)

    walk(click_group, prefix)
    return names


def test_every_cli_command_is_documented():
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^##+ `reportedly ([^`]+)`", doc, flags=re.M))
    missing = [name for name in _command_names(app) if name not in headings]
    assert not missing, f"commands without a '## `reportedly NAME`' section in docs/cli.md: {missing}"


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_schema_doc_names_every_top_level_field():
    from reportedly import analysis_schema

    doc = (ROOT / "docs" / "analysis-schema.md").read_text(encoding="utf-8")
    for field in analysis_schema()["properties"]:
        assert f"`{field}`" in doc, field
    assert "analyze_text" in public
