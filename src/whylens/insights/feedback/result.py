"""The result every feedback analysis returns: one JSON document, its main rows as a frame,
and a chart of them, so that library, CLI and API show the same numbers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from whylens.insights.result import InsightResult, QueryLog


class FeedbackResult(InsightResult):
    """`rows_key` names the document's list of rows; `x` and `y` name what the chart shows."""

    def __init__(
        self,
        kind: str,
        document: dict[str, Any],
        queries: QueryLog | None,
        rows_key: str,
        x: str,
        y: str,
    ) -> None:
        super().__init__({"kind": kind, **document}, queries)
        self.kind = kind
        self._rows_key, self._x, self._y = rows_key, x, y

    @property
    def df(self) -> pd.DataFrame:
        return pd.DataFrame(self.document[self._rows_key])

    def plot(self) -> Any:
        import plotly.graph_objects as go

        frame = self.df
        figure = go.Figure()
        if not frame.empty:
            figure.add_bar(x=frame[self._x], y=frame[self._y], name=self._y)
        figure.update_layout(title=self.kind.replace("_", " "), yaxis_title=self._y)
        return figure
