"""The command line: one group, one error boundary.

`main` is the only place that maps outcomes to exit codes: 0 no errors, 1 findings that
fail, 2 usage/policy/internal error (one line on stderr; the traceback only with --debug),
3 GitHub unreachable.
"""
from __future__ import annotations

import os
import sys
import traceback

import click

from policycheck import __version__
from policycheck.commands import branch as branch_commands
from policycheck.commands import casestudy as casestudy_commands
from policycheck.commands import config as config_commands
from policycheck.commands import meta as meta_commands
from policycheck.errors import EXIT_ERROR, PolicycheckError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="policycheck")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
def cli(debug: bool) -> None:
    """Policy-as-code checks for the MassGen case-study development process."""


for _module in (config_commands, meta_commands, branch_commands, casestudy_commands):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or bool(os.environ.get("POLICYCHECK_DEBUG"))
    try:
        cli.main(args=args, prog_name="policycheck", standalone_mode=False)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        click.echo(f"policycheck: error: {exc.code}", err=True)
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("policycheck: aborted", err=True)
        return 130
    except click.exceptions.UsageError as exc:  # one line, like every other error
        command = exc.ctx.command_path if exc.ctx else "policycheck"
        click.echo(f"policycheck: error: {exc.format_message()} (see '{command} --help')", err=True)
        return EXIT_ERROR
    except click.exceptions.ClickException as exc:
        click.echo(f"policycheck: error: {exc.format_message()}", err=True)
        return EXIT_ERROR
    except PolicycheckError as exc:
        click.echo(f"policycheck: error: {exc}", err=True)
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
        if debug:
            traceback.print_exc()
        click.echo(f"policycheck: internal error: {type(exc).__name__}: {exc} (rerun with --debug)", err=True)
        return EXIT_ERROR
    return 0
