"""`whylens segments`: save groups of persons by rule, find groups by clustering, compare groups;
any analysis then takes `--segment NAME` (docs/segments.md)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from whylens.cli import insight_options as io
from whylens.cli import options
from whylens.cli.output import err, print_json, print_table
from whylens.errors import QueryError

app = typer.Typer(
    help="Segments: groups of persons by rule or by clustering, to filter and compare analyses.",
    no_args_is_help=True,
)
_DID = re.compile(r"^\s*(?P<event>\S+?)\s*(?:>=\s*(?P<n>\d+))?\s*(?:\bin\s+(?P<window>\S+))?\s*$")
STEPS = typer.Option(None, "--funnel", help="A funnel step, repeatable, in order.")
WINDOW = typer.Option("14d", "--window", help="Funnel conversion window.")
PURCHASE = typer.Option("purchase", "--purchase-event", help="The event that is a purchase.")
VALUE = typer.Option(
    "revenue", "--value-property", help="Property of the purchase event holding its amount."
)


@app.command()
def create(
    name: str = typer.Argument(..., help="Segment name: letters, digits, '_', '-', '.'."),
    definition: str | None = typer.Option(
        None, "--definition", help="The rule as JSON, or @FILE for a JSON file (docs/segments.md)."
    ),
    did: list[str] | None = typer.Option(
        None, "--did", help="'EVENT [>= N] [in 30d]': did EVENT at least N times. Repeatable."
    ),
    where: list[str] | None = typer.Option(
        None, "--where", help="A person trait condition: 'plan in (pro, business)'. Repeatable."
    ),
    funnel: list[str] | None = STEPS,
    reached: int | None = typer.Option(
        None, "--reached", help="With --funnel: reached this step but not the next."
    ),
    window: str = WINDOW,
    churn_risk_above: float | None = typer.Option(
        None, "--churn-risk-above", help="Churn risk (0 to 1) above this; scores persons if needed."
    ),
    static: bool = typer.Option(
        False,
        "--static",
        help="Keep the members found now (refresh to update) instead of the rule.",
    ),
    description: str | None = typer.Option(None, "--description", help="A note for the list."),
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Save a segment from --definition or from flags (flags combine with and)."""
    rule = _definition(definition, did, where, funnel, reached, window, churn_risk_above)
    kind = "static" if static else "dynamic"
    with options.open_workspace(db, project=project) as ws:
        document = ws.segments.create(name, rule, kind=kind, description=description)
    _emit_one(document, json, "Segment saved")


@app.command("list")
def list_(
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Saved segments with their sizes now."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        rows = ws.segments.all()
    if json:
        print_json(rows)
        return
    print_table(rows, ["name", "kind", "persons", "rule", "description"], title="Segments")


@app.command()
def show(
    name: str = typer.Argument(..., help="Segment name."),
    members: int = typer.Option(20, "--members", min=0, help="Member person ids listed."),
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """A segment: its rule, size and first members."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        document = ws.segments.show(name, members)
    _emit_one(document, json, f"Segment {name}")
    if not json and document["members"]:
        err.print("members: " + ", ".join(document["members"]))


@app.command()
def delete(
    name: str = typer.Argument(..., help="Segment name."),
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Delete a segment (the persons are untouched)."""
    with options.open_workspace(db, project=project) as ws:
        document = ws.segments.delete(name)
    _emit_one(document, json, "Segment deleted")


@app.command()
def refresh(
    name: str = typer.Argument(..., help="Segment name."),
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Take a static segment's members anew; score churn again if the rule uses it."""
    with options.open_workspace(db, project=project) as ws:
        document = ws.segments.refresh(name)
    _emit_one(document, json, "Segment refreshed")


@app.command()
def auto(
    k: str = typer.Option("auto", "--k", help="Number of clusters, or auto (by silhouette)."),
    purchase_event: str = PURCHASE,
    value_property: str = VALUE,
    save: str | None = typer.Option(
        None, "--save", help="Save each group as a static segment PREFIX-<label>."
    ),
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Cluster persons on their behavior; name each group by what sets it apart."""
    with options.open_workspace(db, project=project, read_only=save is None) as ws:
        result = ws.segments.auto(
            k if k == "auto" else _whole(k),
            purchase_event=purchase_event,
            value_property=value_property or None,
            save=save,
            **io.scope_args(date_from, date_to, where, segment),
        )
    document = result.to_dict()
    if json:
        print_json(document)
        return
    print_table(
        [{"group": g["group"], "name": g["name"], **g["metrics"]} for g in document["groups"]],
        title=f"{document['k']} clusters (silhouette) of {document['persons']:,} persons",
    )
    for saved in document.get("saved", []):
        err.print(f"saved segment {saved['name']} ({saved['persons']:,} persons)")


@app.command()
def compare(
    names: list[str] = typer.Argument(
        ..., help="Two or more segment names; the first is the base."
    ),
    funnel: list[str] | None = STEPS,
    window: str = WINDOW,
    purchase_event: str = PURCHASE,
    value_property: str = VALUE,
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Key metrics side by side, with p-values and 95% intervals of each difference."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        result = ws.segments.compare(
            names,
            funnel=funnel or None,
            window=window,
            purchase_event=purchase_event,
            value_property=value_property or None,
            date_from=date_from,
            date_to=date_to,
            where=list(where or []),
        )
    if json:
        print_json(result.to_dict())
        return
    print_table(result.df.to_dict("records"), title=f"Segments compared with {names[0]}")


def _definition(
    definition: str | None,
    did: list[str] | None,
    where: list[str] | None,
    funnel: list[str] | None,
    reached: int | None,
    window: str,
    churn_risk_above: float | None,
) -> Any:
    """The JSON rule, or the flags' conditions joined with and."""
    flags = [*(_did(d) for d in did or ()), *({"person": w} for w in where or ())]
    if funnel or reached is not None:
        if not funnel or reached is None:
            raise QueryError("--funnel and --reached go together")
        flags.append({"funnel": list(funnel), "reached": reached, "window": window})
    if churn_risk_above is not None:
        flags.append({"churn_risk_above": churn_risk_above})
    if definition is not None:
        if flags:
            raise QueryError("give either --definition or condition flags, not both")
        if definition.startswith("@"):
            path = Path(definition[1:])
            if not path.is_file():
                raise QueryError(f"{path}: no such definition file")
            return path.read_text(encoding="utf-8")
        return definition
    if not flags:
        raise QueryError("a segment needs --definition or a condition (--did, --where, ...)")
    return flags[0] if len(flags) == 1 else {"and": flags}


def _did(text: str) -> dict[str, Any]:
    found = _DID.match(text)
    if not found:
        raise QueryError(f"cannot read --did {text!r}; write 'EVENT [>= N] [in 30d]'")
    condition: dict[str, Any] = {"did": found["event"]}
    if found["n"]:
        condition["at_least"] = int(found["n"])
    if found["window"]:
        condition["in_last"] = found["window"]
    return condition


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise QueryError(f"--k is a number of clusters or auto, not {text!r}") from None


def _emit_one(document: dict[str, Any], json: bool, title: str) -> None:
    if json:
        print_json(document)
        return
    print_table([document], ["name", "kind", "persons", "rule", "description"], title=title)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="segments")
