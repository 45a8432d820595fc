"""Privacy in an import: the project's rules applied in SQL, and the IP column used only for the
country (when a GeoIP file is given) and never stored.

An import opens one `Protection` (`protecting`): it records the rules the import was given,
loads the project's policy and the GeoIP ranges, and gives the normaliser the SQL of protected
properties, of the country and of rejected rows as they are kept. Columns that a rule drops
whole are removed from the chunk before any SQL sees them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.ingest import privacy_rules
from whylens.ingest.geoip import GeoIP, lookup_sql
from whylens.ingest.normalize import STAGED, Staged
from whylens.ingest.privacy import Policy
from whylens.ingest.privacy_sql import Protector, set_secret

if TYPE_CHECKING:
    from whylens.ingest.columns import ColumnMapping
    from whylens.ingest.importer import ImportOptions


class Protection:
    """The policy and GeoIP ranges of one import, as SQL for its chunks."""

    def __init__(self, engine: Engine, policy: Policy, geoip: GeoIP | None = None) -> None:
        self.engine = engine
        self.policy = policy
        self.geoip = geoip
        self._top = {rule.path[0]: rule.action for rule in policy.acting() if len(rule.path) == 1}

    # -- the chunk -----------------------------------------------------------------------------
    def restage(self, staged: Staged, mapping: ColumnMapping) -> Staged:
        """The staged chunk without the columns a rule drops whole, and a raw row (kept when the
        row is rejected) without the IP column and the properties column (the protected
        properties take its place)."""
        table = staged.table
        if "_extra" in table.column_names:
            kinds = table.schema.field("_extra").type
            kept = [i for i, f in enumerate(kinds) if self._top.get(f.name.lower()) != "drop"]
            if len(kept) < kinds.num_fields:
                extra = table.column("_extra").combine_chunks()
                table = _set(table, "_extra", _fields(extra, kept) if kept else None)
        hidden = {mapping.fields.get("ip"), mapping.fields.get("properties")} - {None}
        kinds = table.schema.field("_raw").type
        if hidden and pa.types.is_struct(kinds):
            raw = table.column("_raw").combine_chunks()
            kept = [i for i, f in enumerate(kinds) if f.name not in hidden]
            table = _set(table, "_raw", _fields(raw, kept) if kept else pa.nulls(len(raw)))
        return replace(staged, table=table)

    def properties(self, expr: str, staged: Staged) -> str:
        """SQL: the event's properties (`expr`, a JSON object per staged row) protected."""
        names = staged.table.column_names
        if "properties" not in staged.fields:
            if "_extra" not in names:
                return expr
            extra = staged.table.schema.field("_extra").type
            if not any(pa.types.is_nested(field.type) for field in extra):
                # every key is a column name, and nothing is nested: no pass to find them
                top = [field.name for field in extra]
                return Protector(self.engine, self.policy, "properties").sql(expr, STAGED, top)
        return Protector(self.engine, self.policy, "properties").sql(expr, STAGED)

    def raw(self, raw: str, properties: str | None, relation: str) -> str:
        """SQL: a rejected row as kept, its protected properties in place of the column."""
        if properties is not None:
            raw = f"json_merge_patch(to_json({raw}), json_object('properties', {properties}))"
        else:
            raw = f"to_json({raw})"
        return Protector(self.engine, self.policy, "raw").sql(raw, relation)

    def country(self, given: str, address: str | None, staged: Staged) -> tuple[str, str]:
        """SQL: the country (the one given, else the GeoIP file's for the address) and the join
        that brings the latter, over the staged rows. The address is the IP column's, else the
        `$ip` of a properties column (PostHog's exports)."""
        if self.geoip is None:
            return given, ""
        if "properties" in staged.fields:
            kind = staged.table.schema.field("f_properties").type
            text = pa.types.is_string(kind) or pa.types.is_large_string(kind)
            json = (
                "CASE WHEN json_valid(f_properties) THEN f_properties END"
                if text
                else "to_json(f_properties)"
            )
            in_properties = f"json_extract_string({json}, '/$ip')"
            address = f"coalesce({address}, {in_properties})" if address else in_properties
        if address is None:
            return given, ""
        join = (
            f"LEFT JOIN ({lookup_sql(f'(SELECT {address} AS ip FROM {STAGED})')}) geo"
            f" ON geo.ip = {address}"
        )
        return f"coalesce({given}, geo.geoip_country)", join


@contextmanager
def protecting(engine: Engine, options: ImportOptions) -> Iterator[Protection | None]:
    """The protection of one import (None when its events were protected already: capture).

    The rules given with the import are added to the project's for good before it starts.
    """
    if not options.apply_privacy:
        yield None
        return
    privacy_rules.add(engine, options.project_id, options.drop_properties, options.mask_properties)
    policy = privacy_rules.policy(engine, options.project_id)
    if policy.mask:
        set_secret(engine, policy.secret)
    geoip = GeoIP.load(options.geoip) if options.geoip else None
    if geoip is not None:
        geoip.register(engine)
    try:
        yield Protection(engine, policy, geoip)
    finally:
        if geoip is not None:
            GeoIP.unregister(engine)


def traits_protector(engine: Engine, project_id: str) -> Callable[[str, str], str] | None:
    """For person traits set from a table: (JSON expression, relation) -> protected SQL.
    (DuckDB's SQL: None for other engines, whose traits path is their own.)"""
    if engine.dialect != "duckdb":
        return None
    policy = privacy_rules.policy(engine, project_id)
    if policy.mask:
        set_secret(engine, policy.secret)
    return lambda expr, relation: Protector(engine, policy, "traits").sql(expr, relation)


def _fields(array: pa.StructArray, indices: list[int]) -> pa.StructArray:
    kinds = array.type
    return pa.StructArray.from_arrays(
        [array.field(i) for i in indices], fields=[kinds.field(i) for i in indices]
    )


def _set(table: pa.Table, name: str, column: pa.Array | None) -> pa.Table:
    index = table.column_names.index(name)
    return table.remove_column(index) if column is None else table.set_column(index, name, column)
