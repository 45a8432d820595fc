"""`whylens feedback list|themes|trends|behavior|score` and `whylens import-feedback`: what
customers said, how they felt, and what they did next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from whylens.cli import insight_options as io
from whylens.cli import options
from whylens.cli.output import out, print_json, print_table
from whylens.ingest.feedback_files import import_feedback_file, parse_feedback_map
from whylens.ingest.surveys import surveys_to_feedback
from whylens.insights.feedback.before import BEFORE_DAYS
from whylens.insights.feedback.behavior import CHURN_DAYS, feedback_behavior
from whylens.insights.feedback.listing import feedback_list
from whylens.insights.feedback.store import score_feedback
from whylens.insights.feedback.themes import feedback_themes
from whylens.insights.feedback.trends import BY, feedback_trends

app = typer.Typer(
    help="Customer feedback: sentiment, themes, NPS/CSAT trends, link to churn.",
    no_args_is_help=True,
)
SHOWN = 20
TEXT_WIDTH = 70
SENTIMENT_MODEL = typer.Option(
    None,
    "--sentiment-model",
    help="Score with this local transformer model (a directory, or a name already in the local "
    "Hugging Face cache; needs `pip install transformers`; nothing is downloaded) instead of "
    "whylens' scorer.",
)


@app.command("list")
def list_(
    label: str | None = typer.Option(
        None, "--label", help="Only positive, neutral, negative or unscored."
    ),
    theme: str | None = typer.Option(None, "--theme", help="Only items tagged with this theme."),
    kind: str | None = typer.Option(None, "--kind", help="Only nps, csat, ces or text."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many (newest)."),
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Every feedback item with its sentiment (-1..1), label and themes, newest first."""
    with options.open_workspace(db, project=project) as ws:
        result = feedback_list(
            ws.engine,
            ws.project_id,
            label=label,
            theme=theme,
            kind=kind,
            limit=limit,
            **io.scope_args(date_from, date_to, where, segment),
        )
    rows = [
        {
            "time": item["timestamp"],
            "kind": item["kind"],
            "score": item["score"],
            "sentiment": item["sentiment"],
            "label": item["label"],
            "themes": ", ".join(item["themes"]),
            "text": _short(item["text"]),
        }
        for item in result.to_dict()["items"]
    ]
    io.emit(result, json, f"Feedback ({result.to_dict()['count']:,} items)", None, rows, SHOWN)


@app.command()
def themes(
    interval: str = typer.Option("month", "--interval", help="Trend per week or month."),
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    plot: Path | None = io.PLOT,
) -> None:
    """Recurring themes: mentions, share negative, trend, phrases and three quotes each."""
    with options.open_workspace(db, project=project) as ws:
        result = feedback_themes(
            ws.engine,
            ws.project_id,
            interval=interval,
            **io.scope_args(date_from, date_to, where, segment),
        )
    rows = [
        {
            "theme": t["theme"],
            "mentions": t["mentions"],
            "negative": _percent(t["negative_share"]),
            "trend": " ".join(str(p["mentions"]) for p in t["trend"]),
            "phrases": ", ".join(p["phrase"] for p in t["phrases"][:3]),
            "example": _short(t["examples"][0]["text"]) if t["examples"] else None,
        }
        for t in result.to_dict()["themes"]
    ]
    io.emit(result, json, f"Feedback themes (trend per {interval})", plot, rows)


@app.command()
def trends(
    interval: str = typer.Option("week", "--interval", help="week or month."),
    by: str | None = typer.Option(
        None, "--by", help=f"Split by one of: {', '.join(BY)} (e.g. trait:plan)."
    ),
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    plot: Path | None = io.PLOT,
) -> None:
    """NPS, CSAT, CES and mean sentiment per period, 95% intervals; significant drops flagged."""
    with options.open_workspace(db, project=project) as ws:
        result = feedback_trends(
            ws.engine,
            ws.project_id,
            interval=interval,
            by=by,
            **io.scope_args(date_from, date_to, where, segment),
        )
    rows = []
    for p in result.to_dict()["periods"]:
        row = {by: p["group"]} if by else {}
        row["date"] = p["date"].date().isoformat()
        metrics = (
            ("nps", "{:+.0f}"),
            ("csat", "{:.0%}"),
            ("ces", "{:.1f}"),
            ("sentiment", "{:+.2f}"),
        )
        for m, fmt in metrics:
            row[m] = _interval(p[m], p[f"{m}_low"], p[f"{m}_high"], fmt)
            row[m] += " ▼" if p[f"{m}_drop"] else ""
        row["answers"] = p["nps_n"] + p["csat_n"] + p["ces_n"]
        rows.append(row)
    io.emit(result, json, f"Feedback per {interval} (▼ significant drop)", plot, rows)


@app.command()
def behavior(
    churn_days: int = typer.Option(
        CHURN_DAYS, "--churn-days", min=1, help="Churned: no event in the data's last N days."
    ),
    before_days: int = typer.Option(
        BEFORE_DAYS,
        "--before-days",
        min=1,
        help="What persons did in the N days before their latest NPS answer.",
    ),
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    plot: Path | None = io.PLOT,
) -> None:
    """Churn rate by NPS band and by sentiment; events promoters and detractors use; what each
    band did in the days before answering."""
    with options.open_workspace(db, project=project) as ws:
        result = feedback_behavior(
            ws.engine,
            ws.project_id,
            churn_days=churn_days,
            before_days=before_days,
            **io.scope_args(date_from, date_to, where, segment),
        )
    document = result.to_dict()
    if json:
        io.emit(result, json, "", plot)
        return
    rows = [
        {
            "by": r["by"],
            "group": r["group"],
            "persons": r["persons"],
            "churned": r["churned"],
            "churn rate": _interval(
                r["churn_rate"], r["churn_rate_low"], r["churn_rate_high"], "{:.0%}"
            ),
        }
        for r in document["churn"]
    ]
    io.emit(result, json, f"Churn (no event in the last {churn_days} days)", plot, rows)
    print_table(
        [
            {
                "event": u["event"],
                "promoters": _percent(u["promoters"]),
                "detractors": _percent(u["detractors"]),
            }
            for u in document["feature_use"]
        ],
        title="Share of promoters and detractors who did each event",
    )
    _print_before(document["before_answer"])


def _print_before(before: dict[str, Any]) -> None:
    """The `before_answer` part: sessions per band, and the events detractors did more often."""
    days = f"{before['days']:g} day" + ("" if before["days"] == 1 else "s")
    print_table(
        [
            {
                "band": b["band"],
                "persons": b["persons"],
                "active": b["active_persons"],
                "sessions (median)": _number(b["sessions_median"]),
                "sessions (mean)": _number(b["sessions_mean"]),
                "session length (median)": _seconds(b["session_duration_median_s"]),
                "events (mean)": _number(b["events_mean"]),
                "last event before answering": ", ".join(
                    f"{e['event']} {e['share']:.0%}" for e in b["last_events"]
                ),
            }
            for b in before["bands"]
        ],
        title=f"In the {days} before their latest NPS answer",
    )
    print_table(
        [
            {
                "event": e["event"],
                "detractors": _percent(e["detractors"]),
                "passives": _percent(e["passives"]),
                "promoters": _percent(e["promoters"]),
                "difference": _interval(e["difference"], e["ci_low"], e["ci_high"], "{:+.0%}"),
                "ratio": "—" if e["ratio"] is None else f"{e['ratio']:.1f}×",
                "p": "—" if e["p_value"] is None else f"{e['p_value']:.2g}",
            }
            for e in before["events"]
        ],
        title=f"Events detractors did more often than promoters in the {days} before answering",
    )


@app.command()
def score(
    rescore: bool = typer.Option(
        False, "--rescore", help="Score every row again, not only new ones."
    ),
    sentiment_model: str | None = SENTIMENT_MODEL,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Score feedback texts not scored yet; survey events stored earlier become feedback first."""
    with options.open_workspace(db, project=project) as ws:
        surveys = surveys_to_feedback(ws.engine, ws.project_id) if ws.engine.writable else 0
        scored = score_feedback(ws.engine, ws.project_id, rescore=rescore, model=sentiment_model)
    if json:
        print_json({"scored": scored, "surveys": surveys})
    else:
        out.print(f"{scored:,} feedback rows scored ({surveys:,} survey answers added)")


def import_feedback(
    path: Path = typer.Argument(..., help="CSV file with at least a text column."),
    column_map: str | None = typer.Option(
        None,
        "--map",
        help="Name the columns: FIELD=COLUMN,... fields text, person_id, timestamp, score, kind, "
        "source; e.g. text=comment,person_id=customer",
    ),
    tz: str | None = typer.Option(
        None, "--tz", help="Time zone of timestamps without one (default UTC)."
    ),
    sentiment_model: str | None = SENTIMENT_MODEL,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Import survey answers and comments from CSV; bad rows are named and kept out."""
    with options.open_workspace(db, project=project) as ws:
        summary = import_feedback_file(
            ws.engine, path, ws.project_id, parse_feedback_map(column_map), tz, sentiment_model
        )
    document = summary.to_dict()
    if json:
        print_json(document)
        return
    print_table([{k: document[k] for k in ("file", "read", "imported", "duplicates", "rejected")}])
    print_table(
        [
            {"row": r["row"], "field": r["field"], "reason": r["reason"]}
            for r in document["rejects"][:SHOWN]
        ],
        title="Rejected rows" if document["rejects"] else None,
    )


def _short(text: str | None) -> str | None:
    if text is None or len(text) <= TEXT_WIDTH:
        return text
    return text[: TEXT_WIDTH - 1] + "…"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f} s" if value < 90 else f"{value / 60:.1f} min"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _interval(value: float | None, low: float | None, high: float | None, fmt: str) -> str:
    if value is None:
        return "—"
    if low is None or high is None:
        return fmt.format(value)
    return f"{fmt.format(value)} [{fmt.format(low)}, {fmt.format(high)}]"


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="feedback")
    main.command("import-feedback")(import_feedback)
