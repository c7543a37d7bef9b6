"""Every CLI command has help, and the help shows a runnable example (as sqlite-utils' tests do)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from summarizer.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


COMMANDS = _commands(main)


def test_there_are_commands() -> None:
    assert {"brief", "extract", "reconcile", "eval", "schema", "model"} <= {c[0] for c in COMMANDS}


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Example" in text, f"`summarizer {' '.join(path)} --help` shows no example"
    assert f"summarizer {' '.join(path)}" in text, f"its example does not run `summarizer {' '.join(path)}`"
