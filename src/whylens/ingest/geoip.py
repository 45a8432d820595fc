"""Country from a GeoIP file, used only when one is configured (`--geoip FILE`).

The file is a CSV of address ranges and their countries, `start,end,country_code`, IPv4 and IPv6
in the same file: the format of DB-IP's free "IP to Country Lite" download (monthly, CC BY 4.0;
`.csv.gz` is read as it is). It becomes sorted, non-overlapping ranges of numbers (`addresses`),
neighbours of the same country merged, checked line by line. Capture looks an address up by
bisection over those ranges in memory; an import joins its distinct addresses to them in DuckDB
(an ASOF join: the last range starting at or below the address, if it reaches that far).
"""

from __future__ import annotations

import bisect
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from whylens.engines.base import Engine
from whylens.errors import ConfigError
from whylens.ingest.addresses import V4_BASE, number, numbers_sql

#: the table an import joins with (a temporary table of the importing connection)
TABLE = "_whylens_geoip"
#: DB-IP's code for addresses of no country (private, reserved)
UNKNOWN = "ZZ"
_LOW_64 = 0xFFFF_FFFF_FFFF_FFFF


class GeoIP:
    """Address ranges and their countries, from one file."""

    def __init__(self, path: Path, ranges: pa.Table) -> None:
        self.path = path
        #: start_hi, start_lo, end_hi, end_lo (uint64 halves of the numbers) and country
        self.ranges = ranges
        self._starts: list[int] = []  # filled by `for_lookups`
        self._end_hi = self._end_lo = self._countries = np.empty(0, np.uint64)
        self._codes: list[str] = []

    @classmethod
    def load(cls, path: str | Path) -> GeoIP:
        """Read and check a GeoIP CSV; ConfigError naming the line when it is not one."""
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"--geoip: no such file {str(path)!r}")
        with duckdb.connect() as con:
            try:
                con.execute(_READ_SQL, {"path": str(path)})
            except duckdb.Error as exc:
                first = str(exc).strip().splitlines()[0]
                raise ConfigError(
                    f"--geoip {path}: not a CSV of start,end,country_code rows ({first})"
                ) from None
            _check(con, path)
            ranges = con.sql(_MERGED_SQL).to_arrow_table()
        if not ranges.num_rows:
            raise ConfigError(f"--geoip {path}: no address ranges in the file")
        return cls(path, ranges)

    def __len__(self) -> int:
        return self.ranges.num_rows

    def country(self, address: str | None) -> str | None:
        """The country code of an address, or None (no address, not an address, no range)."""
        found = number(address) if isinstance(address, str) else None
        if found is None:
            return None
        self.for_lookups()
        index = bisect.bisect_right(self._starts, found) - 1  # the last range starting at or before
        if index < 0 or found > (int(self._end_hi[index]) << 64 | int(self._end_lo[index])):
            return None
        return self._codes[self._countries[index]]

    def for_lookups(self) -> GeoIP:
        """Ready for `country` (a server calls this at start, rather than on its first event):
        the starts of the ranges as a list of numbers to bisect, the rest as NumPy arrays."""
        if not self._starts and self.ranges.num_rows:
            high, low = (
                self.ranges.column(n).to_numpy().tolist() for n in ("start_hi", "start_lo")
            )
            self._starts = [h << 64 | lo for h, lo in zip(high, low)]
            self._end_hi = self.ranges.column("end_hi").to_numpy()
            self._end_lo = self.ranges.column("end_lo").to_numpy()
            countries = self.ranges.column("country").combine_chunks().dictionary_encode()
            self._codes = countries.dictionary.to_pylist()
            self._countries = countries.indices.to_numpy()
        return self

    # -- imports -------------------------------------------------------------------------------
    def register(self, engine: Engine) -> None:
        """Put the ranges in a temporary table of the engine's connection, for `lookup_sql`."""
        with engine.registered("_whylens_geoip_ranges", self.ranges):
            engine.execute(
                f"CREATE OR REPLACE TEMP TABLE {TABLE} AS SELECT"
                " (start_hi::UHUGEINT << 64) + start_lo AS range_start,"
                " (end_hi::UHUGEINT << 64) + end_lo AS range_end, country"
                " FROM _whylens_geoip_ranges ORDER BY range_start"
            )

    @staticmethod
    def unregister(engine: Engine) -> None:
        engine.execute(f"DROP TABLE IF EXISTS {TABLE}")


def lookup_sql(relation: str, column: str = "ip") -> str:
    """SQL: each distinct address of `relation.column` with its `geoip_country` (or NULL).

    Needs the table made by `GeoIP.register` on the same connection.
    """
    return f"""
        SELECT a.{column}, CASE WHEN a.n <= g.range_end THEN g.country END AS geoip_country
        FROM ({numbers_sql(relation, column)}) a
        ASOF LEFT JOIN {TABLE} g ON a.n >= g.range_start
    """


_READ_SQL = f"""
    CREATE TEMP TABLE raw AS
    SELECT row_number() OVER () AS line, trim(start_ip) AS start_ip, trim(end_ip) AS end_ip,
        nullif(nullif(upper(trim(country)), ''), '{UNKNOWN}') AS country
    FROM read_csv($path, header = false, all_varchar = true, quote = '"',
                  columns = {{'start_ip': 'VARCHAR', 'end_ip': 'VARCHAR', 'country': 'VARCHAR'}})
"""
#: the numbers of both ends (`addresses.number`, halves of 64 bits) beside the lines as read
_PARSED_SQL = """
    CREATE TEMP TABLE parsed AS
    SELECT r.line, r.start_ip, r.end_ip, r.country,
        (n.start_hi::UHUGEINT << 64) + n.start_lo AS range_start,
        (n.end_hi::UHUGEINT << 64) + n.end_lo AS range_end
    FROM raw r JOIN _whylens_numbers n USING (line)
"""
#: a line 1 that is not a range is a header; any other such line is an error
_BAD_SQL = f"""
    SELECT line, start_ip, end_ip, country,
        CASE WHEN range_start IS NULL OR range_end IS NULL THEN 'is not a range of IP addresses'
             WHEN range_start > range_end THEN 'ends before it starts'
             WHEN (range_start >= {V4_BASE} AND range_start < {V4_BASE + (1 << 32)})
                  <> (range_end >= {V4_BASE} AND range_end < {V4_BASE + (1 << 32)})
                  THEN 'mixes an IPv4 and an IPv6 address'
             WHEN country IS NOT NULL AND NOT regexp_full_match(country, '[A-Z]{{2}}')
                  THEN 'has no two-letter country code'
             WHEN range_start <= lag(range_end) OVER (ORDER BY range_start)
                  THEN 'overlaps the range before it'
        END AS problem
    FROM parsed WHERE line > 1 OR (range_start IS NOT NULL AND range_end IS NOT NULL)
    QUALIFY problem IS NOT NULL ORDER BY line LIMIT 1
"""
#: neighbouring ranges of one country become one (gaps and islands)
_MERGED_SQL = f"""
    SELECT (min(range_start) >> 64)::UBIGINT AS start_hi,
        (min(range_start) & {_LOW_64})::UBIGINT AS start_lo,
        (max(range_end) >> 64)::UBIGINT AS end_hi, (max(range_end) & {_LOW_64})::UBIGINT AS end_lo,
        country
    FROM (
        SELECT *, sum(CASE WHEN joined THEN 0 ELSE 1 END) OVER (ORDER BY range_start) AS island
        FROM (
            SELECT range_start, range_end, country,
                coalesce(lag(range_end) OVER w + 1 = range_start
                    AND lag(country) OVER w = country, false) AS joined
            FROM parsed
            WHERE country IS NOT NULL AND range_start IS NOT NULL AND range_end IS NOT NULL
            WINDOW w AS (ORDER BY range_start)
        )
    )
    GROUP BY island, country ORDER BY start_hi, start_lo
"""


def _check(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.register("_whylens_numbers", _numbers(con))
    con.execute(_PARSED_SQL)
    bad = con.execute(_BAD_SQL).fetchone()
    if bad:
        line, start, end, country, problem = bad
        raise ConfigError(f"--geoip {path} line {line}: {start},{end},{country} {problem}")


def _numbers(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Each line's addresses as numbers, read by `addresses.number`: the reading capture uses,
    and on a GeoIP file's million addresses a few times faster than the SQL one."""
    lines = con.sql("SELECT line, start_ip, end_ip FROM raw").to_arrow_table()
    columns: dict[str, pa.Array] = {"line": lines.column("line")}
    for end in ("start", "end"):
        found = [
            number(a) if a is not None else None for a in lines.column(f"{end}_ip").to_pylist()
        ]
        columns[f"{end}_hi"] = pa.array(
            [None if n is None else n >> 64 for n in found], pa.uint64()
        )
        columns[f"{end}_lo"] = pa.array(
            [None if n is None else n & _LOW_64 for n in found], pa.uint64()
        )
    return pa.table(columns)
