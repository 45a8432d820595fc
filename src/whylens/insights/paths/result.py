"""What the paths analyses return: the JSON document, frames for notebooks (steps, links, top
paths, step matrix, transition matrix), and Plotly charts (a Sankey, a heatmap)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from whylens.insights.result import InsightResult

#: Sankey colour of the nodes that are not events: other, and where sequences end or begin
_GREY, _BLUE = "rgba(150, 150, 150, 0.8)", "rgba(31, 119, 180, 0.8)"
_BOUNDARIES = ("end", "start")


class PathsResult(InsightResult):
    """Steps (`df`), links, top paths and the step matrix of a paths analysis."""

    kind = "paths"

    @property
    def df(self) -> pd.DataFrame:
        """One row per step and node: persons there and their share of the persons followed."""
        rows = [{"step": s["step"], **node} for s in self.document["steps"] for node in s["nodes"]]
        return pd.DataFrame(rows, columns=["step", "name", "persons", "share"])

    @property
    def links(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["links"], columns=["step", "source", "target", "persons"])

    @property
    def top_paths(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["top_paths"])

    @property
    def step_matrix(self) -> pd.DataFrame:
        """Nodes by step: the share of persons at each node at each step (columns sum to 1)."""
        frame = pd.DataFrame(self.document["step_matrix"], columns=["step", "name", "share"])
        return frame.pivot(index="name", columns="step", values="share").fillna(0.0)

    def plot(self) -> Any:
        """A Sankey of the links; flows that stay at `end` (or `start`) are not drawn."""
        import plotly.graph_objects as go

        index = {
            (s["step"], n["name"]): i
            for i, (s, n) in enumerate((s, n) for s in self.document["steps"] for n in s["nodes"])
        }
        shown = [
            link
            for link in self.document["links"]
            if not (link["source"] == link["target"] and link["source"] in _BOUNDARIES)
        ]
        labels = [name for _, name in index]
        figure = go.Figure(
            go.Sankey(
                node={
                    "label": labels,
                    "pad": 12,
                    "color": [_GREY if n in (*_BOUNDARIES, "other") else _BLUE for n in labels],
                },
                link={
                    "source": [index[(link["step"] - 1, link["source"])] for link in shown],
                    "target": [index[(link["step"], link["target"])] for link in shown],
                    "value": [link["persons"] for link in shown],
                },
            )
        )
        anchor = self.document["start"] or self.document["end"] or "first event"
        figure.update_layout(title=f"Paths ({self.document['direction']}): {anchor}")
        return figure


class PathTransitionsResult(InsightResult):
    """Every pair of consecutive nodes: count and probability given the first."""

    kind = "path_transitions"

    @property
    def df(self) -> pd.DataFrame:
        return pd.DataFrame(
            self.document["transitions"], columns=["from", "to", "count", "probability"]
        )

    @property
    def matrix(self) -> pd.DataFrame:
        """From (rows) by to (columns): transition probabilities."""
        return self.df.pivot(index="from", columns="to", values="probability").fillna(0.0)

    def plot(self) -> Any:
        """A heatmap of transition probabilities."""
        import plotly.graph_objects as go

        matrix = self.matrix
        figure = go.Figure(
            go.Heatmap(
                z=matrix.values, x=list(matrix.columns), y=list(matrix.index), colorscale="Blues"
            )
        )
        figure.update_layout(title="Transition probabilities", xaxis_title="to", yaxis_title="from")
        return figure
