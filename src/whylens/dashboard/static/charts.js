// One drawing per analysis: a chart and its tables from the API's JSON document, into any
// container, so a page and a dashboard tile draw an insight the same way.
"use strict";

WL.draw = {};

WL.draw.trends = function (doc, box, compact) {
  const label = (s) => s.name + (s.breakdown == null ? "" : " · " + s.breakdown);
  const traces = doc.series.map((s) => ({ x: s.data.map((p) => p.date), y: s.data.map((p) => p.value),
    name: label(s), type: "scatter", mode: "lines+markers" }));
  WL.plot(box, traces, { showlegend: doc.series.length > 1 }, compact ? 220 : 340);
  if (compact) return;
  WL.cards(box, doc.series.slice(0, 6).map((s) => WL.card(label(s), WL.num(s.total),
    s.change == null ? null : (s.change >= 0 ? "+" : "") + WL.pct(s.change) + " vs previous")));
  const rows = (doc.series[0]?.data || []).map((p, i) => Object.fromEntries([["date", p.date],
    ...doc.series.map((s) => [label(s), s.data[i].value])]));
  const columns = [["date", "Date", "day"], ...doc.series.map((s) => [label(s), label(s), "num"])];
  box.appendChild(WL.table("Values per " + doc.interval, rows, columns, "trends"));
};

WL.draw.retention = function (doc, box, compact) {
  const unit = doc.query.period;
  const width = Math.max(0, ...doc.cohorts.map((c) => c.rates.length));
  const periods = Array.from({ length: width }, (_, k) => unit + " " + k);
  const cohorts = doc.cohorts.map((c) => (c.breakdown != null ? c.breakdown + " · " : "") + c.cohort);
  const z = doc.cohorts.map((c) => periods.map((_, k) => (c.rates[k] == null ? null : 100 * c.rates[k])));
  WL.plot(box, [{ type: "heatmap", x: periods, y: cohorts, z, colorscale: "Blues", reversescale: true,
    zmin: 0, zmax: 100, hovertemplate: "%{y}, %{x}: %{z:.1f}%<extra></extra>",
    text: z.map((r) => r.map((v) => (v == null ? "" : v.toFixed(0) + "%"))), texttemplate: "%{text}" }],
  { yaxis: { autorange: "reversed", type: "category", automargin: true }, xaxis: { side: "top" },
    margin: { l: 90, r: 20, t: 30, b: 10 } }, compact ? 220 : Math.max(260, 32 * cohorts.length + 60));
  if (compact) return;
  const rows = doc.cohorts.map((c) => Object.fromEntries([["cohort", c.cohort], ["size", c.size],
    ...periods.map((p, k) => [p, c.rates[k]])]));
  rows.push(Object.fromEntries([["cohort", "average (" + doc.query.average + ")"], ["size", null],
    ...periods.map((p, k) => [p, doc.average[k]])]));
  box.appendChild(WL.table("Cohorts", rows, [["cohort", "Cohort"], ["size", "Size", "num"],
    ...periods.map((p) => [p, p, "pct"])], "retention"));
};

WL.draw.paths = function (doc, box, compact) {
  if (!doc.links) {  // the transition matrix
    box.appendChild(WL.table("Transitions", doc.transitions || [], Object.keys(
      (doc.transitions || [{}])[0] || {}).map((k) => [k, k]), "transitions"));
    return;
  }
  const index = new Map();
  const id = (step, name) => {
    const key = step + "|" + name;
    if (!index.has(key)) index.set(key, index.size);
    return index.get(key);
  };
  const source = [], target = [], value = [];
  for (const link of doc.links) {
    source.push(id(link.step - 1, link.source));
    target.push(id(link.step, link.target));
    value.push(link.persons);
  }
  const labels = [...index.keys()].map((k) => k.split("|").slice(1).join("|"));
  WL.plot(box, [{ type: "sankey", arrangement: "snap",
    node: { label: labels, pad: 12, thickness: 14 },
    link: { source, target, value, color: "rgba(120, 120, 200, 0.35)" } }],
  { margin: { l: 10, r: 10, t: 10, b: 10 } }, compact ? 240 : 460);
  if (compact) return;
  box.appendChild(WL.table("Top paths", doc.top_paths.map((p) => ({ ...p, path: p.path.join(" → ") })),
    [["path", "Path"], ["persons", "Persons", "num"], ["share", "Share", "pct"],
      ...(doc.top_paths[0] && "median_s" in doc.top_paths[0] ? [["median_s", "Median time", "secs"]] : [])],
    "top-paths"));
  box.appendChild(WL.table("Links", doc.links, [["step", "Step"], ["source", "From"], ["target", "To"],
    ["persons", "Persons", "num"]], "path-links"));
};

WL.draw.sessions = function (doc, box, compact) {
  const t = doc.timeline;
  WL.plot(box, [
    { x: t.map((p) => p.date), y: t.map((p) => p.sessions), name: "sessions", type: "bar", opacity: 0.6 },
    { x: t.map((p) => p.date), y: t.map((p) => p.bounce_rate), name: "bounce rate", type: "scatter",
      yaxis: "y2" }],
  { yaxis2: { overlaying: "y", side: "right", tickformat: ".0%", rangemode: "tozero", showgrid: false } },
  compact ? 220 : 320);
  if (compact) return;
  WL.cards(box, [WL.card("Sessions", WL.num(doc.sessions)), WL.card("Persons", WL.num(doc.persons)),
    WL.card("Bounce rate", WL.pct(doc.bounce_rate)), WL.card("Pages / session", WL.num(doc.pages_per_session)),
    WL.card("Median duration", WL.secs(doc.duration_s.median)),
    WL.card("Repeat visit rate", WL.pct(doc.repeat_visit_rate))]);
  const grid = WL.el("div", { class: "grid" });
  const visit = [["sessions", "Sessions", "num"], ["persons", "Persons", "num"], ["bounce_rate", "Bounce", "pct"],
    ["mean_duration_s", "Mean duration", "secs"]];
  grid.append(WL.table("Entry pages", doc.entry_pages, [["path", "Page"], ...visit], "entry-pages"),
    WL.table("Exit pages", doc.exit_pages, [["path", "Page"], ["exits", "Exits", "num"],
      ["pageviews", "Views", "num"], ["exit_rate", "Exit rate", "pct"]], "exit-pages"),
    WL.table("Sources", doc.sources, [["source", "Source"], ...visit], "sources"),
    WL.table("Devices", doc.devices, [["device_type", "Device"], ...visit], "devices"));
  if (doc.breakdown?.length) {
    const keys = Object.keys(doc.breakdown[0]);
    grid.append(WL.table("Breakdown", doc.breakdown, keys.map((k) => [k, k,
      typeof doc.breakdown[0][k] === "number" ? (k.includes("rate") ? "pct" : "num") : null]), "breakdown"));
  }
  box.appendChild(grid);
};

WL.draw.stickiness = function (doc, box, compact) {
  const key = doc.query.interval + "s";
  const periods = [...new Set(doc.distribution.map((r) => r.period))];
  const traces = periods.map((p) => {
    const rows = doc.distribution.filter((r) => r.period === p);
    return { type: "bar", name: p, x: rows.map((r) => r[key]), y: rows.map((r) => r.persons) };
  });
  WL.plot(box, traces, { xaxis: { title: key + " active per " + doc.query.period, dtick: 1 } },
    compact ? 220 : 320);
  if (compact) return;
  WL.plot(box, [{ x: doc.dau_mau.map((d) => d.date), y: doc.dau_mau.map((d) => d.ratio),
    name: "DAU / MAU", type: "scatter" }], { yaxis: { tickformat: ".0%", rangemode: "tozero" } }, 240);
  box.appendChild(WL.table("Persons by " + key + " active", doc.distribution, [["period", "Period"],
    [key, key[0].toUpperCase() + key.slice(1), "num"], ["persons", "Persons", "num"]], "stickiness"));
};

WL.draw.lifecycle = function (doc, box, compact) {
  const x = doc.intervals.map((i) => i.interval);
  const states = [["new", "#4f9d69"], ["returning", "#4f46e5"], ["resurrecting", "#e0a526"],
    ["dormant", "#c0392b"]];
  WL.plot(box, states.map(([s, color]) => ({ type: "bar", name: s, x, marker: { color },
    y: doc.intervals.map((i) => (s === "dormant" ? -Math.abs(i[s]) : i[s])) })),
  { barmode: "relative", yaxis: { rangemode: "normal" } }, compact ? 220 : 340);
  if (compact) return;
  box.appendChild(WL.table("Persons per interval", doc.intervals, [["interval", "Interval"],
    ...states.map(([s]) => [s, s, "num"]), ["active", "active", "num"]], "lifecycle"));
};

WL.draw.adoption = function (doc, box, compact) {
  const f = doc.features;
  WL.plot(box, [{ type: "bar", x: f.map((r) => r.feature), y: f.map((r) => r.adoption_rate),
    text: f.map((r) => WL.pct(r.adoption_rate)), textposition: "auto" }],
  { yaxis: { tickformat: ".0%", rangemode: "tozero" } }, compact ? 220 : 300);
  if (compact) return;
  box.appendChild(WL.table("Features", f, [["feature", "Feature"], ["adopters", "Adopters", "num"],
    ["adoption_rate", "Adoption", "pct"], ["median_days_to_adopt", "Days to adopt", "num"],
    ["uses_per_adopter_week", "Uses / week", "num"], ["retained_rate", "Retained", "pct"],
    ["trend_slope", "Trend", "num"], ["gathering_dust", "Gathering dust"]], "adoption"));
  box.appendChild(WL.table("Breadth (mean " + WL.num(doc.breadth.mean) + ")", doc.breadth.distribution,
    [["features", "Features used", "num"], ["persons", "Persons", "num"]], "breadth"));
};
