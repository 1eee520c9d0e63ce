"""Every command and every option explains itself in --help."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from workbench.cli import main


def all_commands(
    group: click.Group, prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    out: list[tuple[tuple[str, ...], click.Command]] = [(prefix, group)]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        assert cmd is not None
        if isinstance(cmd, click.Group):
            out.extend(all_commands(cmd, (*prefix, name)))
        else:
            out.append(((*prefix, name), cmd))
    return out


COMMANDS = all_commands(main)


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "workbench" for p, _ in COMMANDS]
)
def test_help_explains_command_and_options(path: tuple[str, ...], command: click.Command) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert (command.help or command.short_help or "").strip(), f"{path} has no help text"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert (param.help or "").strip(), f"option {param.opts} of {path} has no help"


def test_no_arguments_shows_help_or_opens_review() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "workbench" in result.output
