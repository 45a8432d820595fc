"""The workspace: one whylens database, and everything a notebook or the CLI does with it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd
import pyarrow as pa

from whylens import config
from whylens.engines.base import Engine, Params
from whylens.engines.connect import connect
from whylens.engines.duckdb import DatabaseLocked, DuckDBEngine
from whylens.engines.remote import RemoteEngine, find_server
from whylens.errors import ConfigError, StoreError
from whylens.ingest.importer import ImportOptions, ImportSummary, Progress
from whylens.ingest.stores import importer_for
from whylens.insights.adoption import AdoptionResult, adoption
from whylens.insights.churn import ChurnResult, churn
from whylens.insights.clv import ClvResult, clv
from whylens.insights.funnels import (
    DEFAULT_PROPERTIES,
    FunnelCorrelation,
    FunnelResult,
    funnel,
    funnel_correlation,
)
from whylens.insights.lifecycle import LifecycleResult, lifecycle
from whylens.insights.paths import PathsResult, PathTransitionsResult, path_transitions, paths
from whylens.insights.retention import RetentionResult, retention
from whylens.insights.scope import Scope
from whylens.insights.segments import Segments
from whylens.insights.segments.store import resolve as resolve_segment
from whylens.insights.sessions import SessionsResult, sessions
from whylens.insights.stickiness import StickinessResult, stickiness
from whylens.insights.trends import TrendsResult, trends
from whylens.model import settings
from whylens.model.feedback import add_feedback
from whylens.model.migrate import migrate
from whylens.model.privacy import delete_person
from whylens.model.traits import store_traits


class Workspace:
    """A whylens database: import events, query them, run analyses."""

    def __init__(self, engine: Engine, project_id: str = "default") -> None:
        self.engine = engine
        self.project_id = project_id
        if engine.writable:
            migrate(engine)
            engine.execute(
                "INSERT INTO projects (project_id, name) SELECT $p, $p"
                " WHERE NOT EXISTS (SELECT 1 FROM projects WHERE project_id = $p)",
                {"p": project_id},
            )
        elif not engine.scalar(
            "SELECT count(*) FROM projects WHERE project_id = $p", {"p": project_id}
        ):
            raise StoreError(f"no project {project_id!r} (see `whylens project list`)")

    # -- getting data in -------------------------------------------------------------------------
    def import_file(
        self,
        *paths: str | Path,
        column_map: dict[str, str] | None = None,
        tz: str | None = None,
        fmt: str | None = None,
        progress: Progress | None = None,
        rejects_path: str | Path | None = None,
        drop_properties: Sequence[str] = (),
        mask_properties: Sequence[str] = (),
        geoip: str | Path | None = None,
    ) -> ImportSummary:
        """Import CSV / JSON lines / Parquet files, folders or globs (see docs/import.md).

        `drop_properties` / `mask_properties` join the project's privacy rules for good; with a
        `geoip` file, rows with an IP address get its country (docs/ingestion.md, Privacy).
        """
        options = ImportOptions(
            column_map=column_map or {},
            tz=tz,
            fmt=fmt,
            project_id=self.project_id,
            drop_properties=tuple(drop_properties),
            mask_properties=tuple(mask_properties),
            geoip=str(geoip) if geoip else None,
        )
        if isinstance(self.engine, RemoteEngine):
            return self.engine.import_paths([str(p) for p in paths], options, rejects_path)
        return importer_for(self.engine).import_paths(
            self.engine, [str(p) for p in paths], options, progress, rejects_path
        )

    def import_table(self, table: pa.Table | pd.DataFrame, source: str = "table") -> ImportSummary:
        """Import events held in memory (Arrow or pandas), with the same checks as a file."""
        if isinstance(table, pd.DataFrame):
            table = pa.Table.from_pandas(table, preserve_index=False)
        return importer_for(self.engine).import_table(
            self.engine, table, source, ImportOptions(project_id=self.project_id)
        )

    def set_traits(self, table: pa.Table | pd.DataFrame) -> int:
        """Merge person traits from a table with a `person_id` column; returns persons updated."""
        if isinstance(table, pd.DataFrame):
            table = pa.Table.from_pandas(table, preserve_index=False)
        return store_traits(self.engine, table, self.project_id)

    def add_feedback(self, table: pa.Table | pd.DataFrame) -> int:
        """Store survey scores and comments (person_id, timestamp, kind, score, text, source)."""
        if isinstance(table, pd.DataFrame):
            table = pa.Table.from_pandas(table, preserve_index=False)
        return add_feedback(self.engine, table, self.project_id)

    def delete_person(self, person_id: str) -> dict[str, Any]:
        """Remove a person's events, identities, traits, sessions and feedback; events sent
        later under their ids are dropped (docs/data-model.md, Privacy)."""
        return delete_person(self.engine, self.project_id, person_id)

    def setting(self, key: str) -> str | None:
        return settings.get(self.engine, key)

    def set_setting(self, key: str, value: str) -> None:
        settings.put(self.engine, key, value)

    # -- asking ----------------------------------------------------------------------------------
    def sql(self, query: str, params: Params = None) -> pd.DataFrame:
        """Run a SELECT over the documented tables (events, persons, sessions, ...) into pandas."""
        return self.engine.read_only_query(query, params).to_pandas()

    def info(self) -> dict[str, Any]:
        """Counts and time range of the project's data: the `whylens info --json` document."""
        p = {"project": self.project_id}
        row = self.engine.query(
            "SELECT (SELECT count(*) FROM persons WHERE project_id = $project) AS persons,"
            " (SELECT count(*) FROM sessions WHERE project_id = $project) AS sessions",
            p,
        ).to_pylist()[0]
        # the events are read once: per name, their count and time range
        names = self.engine.query(
            "SELECT event, count(*) AS n, min(timestamp) AS first, max(timestamp) AS last"
            " FROM events WHERE project_id = $project GROUP BY event ORDER BY n DESC, event",
            p,
        ).to_pylist()
        first = min((r["first"] for r in names), default=None)
        last = max((r["last"] for r in names), default=None)
        return {
            "events": sum(r["n"] for r in names),
            "persons": row["persons"],
            "sessions": row["sessions"],
            "event_names": {r["event"]: r["n"] for r in names},
            "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
        }

    # -- analyses: each takes date_from, date_to, where (property filters) and segment ----------
    def scope(
        self, date_from: Any = None, date_to: Any = None, where: Any = None, segment: Any = None
    ) -> Scope:
        """The project, date range, filters and segment (a saved segment's name, or a definition:
        docs/segments.md) an analysis is limited to."""
        return Scope.build(
            self.project_id,
            date_from,
            date_to,
            where,
            resolve_segment(self.engine, self.project_id, segment),
        )

    @property
    def segments(self) -> Segments:
        """Saved segments: create, list, show, delete, refresh, auto, compare."""
        return Segments(self)

    # (analysis methods, in alphabetical order)
    def adoption(
        self,
        features: Sequence[Any],
        *,
        active: Any = "*",
        weeks_retained: int = 4,
        interval: str = "week",
        low_adoption: float = 0.2,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> AdoptionResult:
        """Per feature: adoption rate, time to adopt, depth, retained adoption, trend; breadth."""
        return adoption(
            self.engine,
            self.scope(date_from, date_to, where, segment),
            features,
            active,
            weeks_retained,
            interval,
            low_adoption,
        )

    def churn(
        self,
        *,
        inactive: str = "30d",
        top: int | None = 100,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> ChurnResult:
        """Train a churn model (checked on a later, held-out period); the persons most at risk."""
        return churn(self.engine, self.scope(date_from, date_to, where, segment), inactive, top)

    def clv(
        self,
        purchase_event: Any,
        *,
        value_property: str | None = None,
        until: Any = None,
        unit: str = "day",
        horizon: str = "39w",
        top: int | None = None,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> ClvResult:
        """BG/NBD and Gamma-Gamma on purchases up to `until`: P(alive), expected purchases, value."""
        return clv(
            self.engine,
            self.scope(date_from, date_to, where, segment),
            purchase_event,
            value_property,
            until,
            unit,
            horizon,
            top,
        )

    def funnel(
        self,
        steps: Sequence[Any],
        *,
        window: str | int | float | None = "14d",
        order: str = "ordered",
        exclusions: Sequence[Any] | None = None,
        breakdown: str | None = None,
        attribution: str = "first_touch",
        breakdown_limit: int = 10,
        hold: str | None = None,
        trend: str | None = None,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> FunnelResult:
        """Persons per step, conversion, drop-off and time between steps; `.dropped(step)`."""
        return funnel(
            self.engine,
            self.scope(date_from, date_to, where, segment),
            steps,
            window=window,
            order=order,
            exclusions=exclusions,
            breakdown=breakdown,
            attribution=attribution,
            breakdown_limit=breakdown_limit,
            hold=hold,
            trend=trend,
        )

    def funnel_correlation(
        self,
        steps: Sequence[Any],
        *,
        window: str | int | float | None = "14d",
        order: str = "ordered",
        exclusions: Sequence[Any] | None = None,
        hold: str | None = None,
        properties: Sequence[str] = DEFAULT_PROPERTIES,
        top: int = 10,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> FunnelCorrelation:
        """Events and property values over- or under-represented among a funnel's converters."""
        return funnel_correlation(
            self.engine,
            self.scope(date_from, date_to, where, segment),
            steps,
            window=window,
            order=order,
            exclusions=exclusions,
            hold=hold,
            properties=properties,
            top=top,
        )

    def lifecycle(
        self,
        event: Any = "*",
        interval: str = "day",
        *,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> LifecycleResult:
        """New, returning, resurrecting and dormant persons per interval (PostHog's rule)."""
        return lifecycle(
            self.engine, self.scope(date_from, date_to, where, segment), event, interval
        )

    def path_transitions(
        self,
        *,
        collapse: bool = False,
        pageviews: bool = False,
        by_session: bool = False,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> PathTransitionsResult:
        """Every pair of consecutive events of a person: counts and probabilities."""
        return path_transitions(
            self.engine,
            self.scope(date_from, date_to, where, segment),
            collapse=collapse,
            pageviews=pageviews,
            by_session=by_session,
        )

    def paths(
        self,
        start: Any = None,
        end: Any = None,
        depth: int = 5,
        *,
        top: int = 10,
        top_paths: int = 10,
        collapse: bool = False,
        pageviews: bool = False,
        by_session: bool = False,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> PathsResult:
        """Next steps after `start`, previous steps before `end`, or the paths between them."""
        return paths(
            self.engine,
            self.scope(date_from, date_to, where, segment),
            start,
            end,
            depth,
            top=top,
            top_paths=top_paths,
            collapse=collapse,
            pageviews=pageviews,
            by_session=by_session,
        )

    def retention(
        self,
        start: Any = "*",
        returning: Any = "*",
        period: str = "week",
        periods: int = 8,
        *,
        cohort: str = "first_time",
        mode: str = "on",
        average: str = "weighted",
        breakdown: str | None = None,
        breakdown_limit: int = 10,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> RetentionResult:
        """Cohorts by period of the start event, and who returned in each period after."""
        return retention(
            self.engine,
            self.scope(date_from, date_to, where, segment),
            start,
            returning,
            period,
            periods,
            cohort,
            mode,
            average,
            breakdown,
            breakdown_limit,
        )

    def sessions(
        self,
        interval: str = "day",
        *,
        bounce_rule: str = "posthog",
        bounce_threshold_s: float = 10,
        breakdown: str | None = None,
        top: int = 10,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> SessionsResult:
        """Sessions, duration, bounce, pages, entry/exit pages, sources, new vs returning."""
        return sessions(
            self.engine,
            self.scope(date_from, date_to, where, segment),
            interval,
            bounce_rule,
            bounce_threshold_s,
            breakdown,
            top,
        )

    def stickiness(
        self,
        event: Any = "*",
        period: str = "week",
        interval: str = "day",
        *,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> StickinessResult:
        """Persons by number of active days per week or month, and DAU/MAU per day."""
        return stickiness(
            self.engine, self.scope(date_from, date_to, where, segment), event, period, interval
        )

    def trends(
        self,
        events: Sequence[Any] = ("*",),
        interval: str = "day",
        measure: str = "total",
        *,
        breakdown: str | None = None,
        breakdown_limit: int = 10,
        compare: bool = False,
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: Any = None,
    ) -> TrendsResult:
        """Events over time: total, persons, per_person, dau, wau or mau; see docs/metrics.md."""
        return trends(
            self.engine,
            self.scope(date_from, date_to, where, segment),
            events,
            interval,
            measure,
            breakdown,
            breakdown_limit,
            compare,
        )

    # -- lifetime --------------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


def open(  # noqa: A001
    path: str | Path | None = None,
    *,
    engine: str | None = None,
    read_only: bool = False,
    project: str | None = None,
) -> Workspace:
    """Open (creating and migrating if needed) the database at `path`, or the engine `engine`
    names (`duckdb:PATH`, `chdb:PATH`, `clickhouse://user:password@host:8123/db`), else
    $WHYLENS_ENGINE or $WHYLENS_DB, for one project (`project`, $WHYLENS_PROJECT or `default`).

    While `whylens serve` holds a DuckDB file, queries and imports go through that server instead.
    """
    if path is not None and engine is not None:
        raise ConfigError("give a database path or an engine, not both")
    spec = config.engine_spec(engine if engine is not None else path)
    project_id = config.project(project)
    if spec.kind != "duckdb":
        return Workspace(connect(spec, read_only=read_only), project_id)
    database = spec.path
    try:
        return Workspace(DuckDBEngine(database, read_only=read_only), project_id)
    except DatabaseLocked:
        server = find_server(database)
        if server is None:
            raise
        return Workspace(RemoteEngine(server["url"], server["token"]), project_id)
