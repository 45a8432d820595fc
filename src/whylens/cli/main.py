"""The `whylens` command line. Commands stay thin: they parse options, call the library, print."""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from whylens.cli import (
    adoption,
    churn,
    clv,
    data,
    funnels,
    keys,
    paths,
    persons,
    privacy,
    projects,
    retention,
    schema,
    segments,
    serving,
    sessions,
    trends,
)
from whylens.cli import feedback as feedback_commands
from whylens.cli.output import err
from whylens.errors import WhylensError

app = typer.Typer(
    name="whylens",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Customer behavior analytics you host yourself: what your customers did, and why.",
)
_state = {"debug": False}


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
) -> None:
    _state["debug"] = debug


adoption.register(app)
churn.register(app)
clv.register(app)
data.register(app)
feedback_commands.register(app)
funnels.register(app)
keys.register(app)
paths.register(app)
persons.register(app)
privacy.register(app)
projects.register(app)
retention.register(app)
schema.register(app)
segments.register(app)
serving.register(app)
sessions.register(app)
trends.register(app)


def main() -> None:
    """Entry point: a WhylensError is one line on stderr and exit code 1, not a traceback."""
    debug = "--debug" in sys.argv
    try:
        app(standalone_mode=False)
    except WhylensError as exc:
        if debug:
            raise
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(1)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # click usage errors and real bugs
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        if debug:
            raise
        err.print(
            f"[red]error:[/red] {type(exc).__name__}: {escape(str(exc))}"
            " (run with --debug for details)"
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
