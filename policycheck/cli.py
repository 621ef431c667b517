"""The command line: one group, one error boundary.

`main` is the only place that maps outcomes to exit codes: 0 no errors, 1 findings that
fail, 2 usage/policy/internal error (one line on stderr; the traceback only with --debug),
3 GitHub unreachable.
"""
from __future__ import annotations

import importlib
import os
import sys

import click

from policycheck import __version__
from policycheck.errors import EXIT_ERROR, PolicycheckError
from policycheck.reporters.text import escape_controls

# Which module of `policycheck.commands` defines each command. A hook runs one command per
# process, so only that command's module is imported (its options are built when imported);
# `tests/test_cli.py` checks this table against every module's COMMANDS.
COMMAND_MODULES = {
    "audit": "audit",
    "check-branch": "branch", "check-release": "branch",
    "check-case-study": "casestudy", "check-issue": "casestudy", "inspect": "casestudy", "new": "casestudy",
    "check-config": "config",
    "ci": "ci",
    "explain": "meta", "schema": "meta", "init": "meta",
    "fix": "fix",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when asked for (a run, or `--help`'s listing)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is None:
            return None
        commands = importlib.import_module(f"policycheck.commands.{module}").COMMANDS
        return next(c for c in commands if c.name == cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="policycheck")
@click.option("--debug", is_flag=True, envvar="POLICYCHECK_DEBUG",
              help="Show tracebacks for internal errors (also POLICYCHECK_DEBUG=1).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Policy-as-code checks for the MassGen case-study development process."""
    ctx.obj = Options(debug=debug)


class Options:
    """What the group's options say, for the error boundary."""

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug


def main(argv: list[str] | None = None) -> int:
    """Run one command; every outcome becomes an exit code here and nowhere else."""
    args = sys.argv[1:] if argv is None else argv
    options = Options()
    try:
        with cli.make_context("policycheck", list(args), obj=options) as ctx:
            result = cli.invoke(ctx)
            options = ctx.obj or options
    except click.exceptions.Exit as exc:  # --help, --version
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("policycheck: aborted", err=True)
        return 130
    except click.exceptions.NoArgsIsHelpError as exc:  # `policycheck`, `policycheck new`: the help, as click shows it
        click.echo(exc.ctx.get_help(), err=True)
        return EXIT_ERROR
    except click.exceptions.UsageError as exc:  # one line, like every other error
        command = exc.ctx.command_path if exc.ctx else "policycheck"
        click.echo(escape_controls(f"policycheck: error: {exc.format_message()} (see '{command} --help')"), err=True)
        return EXIT_ERROR
    except click.exceptions.ClickException as exc:
        click.echo(escape_controls(f"policycheck: error: {exc.format_message()}"), err=True)
        return EXIT_ERROR
    except PolicycheckError as exc:
        click.echo(escape_controls(f"policycheck: error: {exc}"), err=True)  # paths and names may hold controls
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`| head`) went away: say nothing more, and do not report success that
        # was never shown (https://docs.python.org/3/library/signal.html#note-on-sigpipe).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:  # the boundary: anything else is our bug, said in one line
        if options.debug or _debug_requested(args):
            import traceback  # only here: it loads linecache and tokenize, a few ms of every start

            traceback.print_exc()
        click.echo(escape_controls(f"policycheck: internal error: {type(exc).__name__}: {exc} (rerun with --debug)"),
                   err=True)
        return EXIT_ERROR
    return result if isinstance(result, int) else 0


def _debug_requested(args: list[str]) -> bool:
    """--debug as the group parsed it, for an error raised before the context kept it."""
    return args[:1] == ["--debug"] or os.environ.get("POLICYCHECK_DEBUG", "") not in ("", "0")
