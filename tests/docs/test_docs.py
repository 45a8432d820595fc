"""Docs that tests keep true: every command and every option of it is in docs/cli.md, and the
public API is what `__all__` says."""

from __future__ import annotations

from pathlib import Path

import click
import typer

import whylens
from whylens.cli.main import app

DOCS = Path(__file__).resolve().parents[2] / "docs"


def commands() -> dict[str, click.Command]:
    group = typer.main.get_command(app)
    found = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.update({f"{name} {sub}": c for sub, c in command.commands.items()})
        else:
            found[name] = command
    return found


def test_every_command_and_option_is_documented():
    text = (DOCS / "cli.md").read_text()
    missing = []
    for name, command in commands().items():
        if f"whylens {name}" not in text:
            missing.append(f"whylens {name}")
        for param in command.params:
            for flag in getattr(param, "opts", []):
                if flag.startswith("--") and flag not in ("--help",) and flag not in text:
                    missing.append(f"whylens {name} {flag}")
    assert not missing, f"not in docs/cli.md: {missing}"


def test_all_lists_the_public_names():
    import types

    public = {
        n
        for n, v in vars(whylens).items()
        if not n.startswith("_") and not isinstance(v, types.ModuleType)
    }
    assert set(whylens.__all__) == public
    assert whylens.__all__ == sorted(whylens.__all__)
