"""ClickHouse behind the Engine seam: in-process through chdb, or a server through
clickhouse-connect. Both speak the same SQL and read the same schema (model/migrations/clickhouse).
"""

from whylens.engines.clickhouse.base import ClickHouseEngine

__all__ = ["ClickHouseEngine"]
