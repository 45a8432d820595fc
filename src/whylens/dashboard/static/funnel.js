// The funnel's drawing: the chart and the drop-off table, then what the API adds when asked:
// conversion by entry period, time to convert per step, correlation, and who dropped off.
"use strict";

WL.draw.funnel = function (doc, box, compact, onDropped, params) {
  const groups = doc.breakdown?.values || [{ value: "all", steps: doc.steps }];
  const traces = groups.map((g) => ({ type: "funnel", name: String(g.value),
    y: g.steps.map((s) => s.step + ". " + s.name), x: g.steps.map((s) => s.persons),
    textinfo: "value+percent initial" }));
  WL.plot(box, traces, { margin: { l: 140, r: 20, t: 10, b: 30 }, showlegend: groups.length > 1,
    funnelmode: "group" }, compact ? 220 : 320);
  if (compact) return;
  box.appendChild(stepsTable(doc, onDropped));
  if (doc.breakdown) box.appendChild(breakdownTable(doc));
  if (doc.dropped) box.appendChild(droppedTable(doc.dropped, params));
  if (doc.trend) drawTrend(doc.trend, box);
  drawTimeToConvert(doc.steps, box);
  if (doc.correlation) drawCorrelation(doc.correlation, box);
};

function stepsTable(doc, onDropped) {
  const table = WL.table("Steps and drop-off", doc.steps.map((s) => ({ ...s })), [["step", "Step"],
    ["name", "Event"], ["persons", "Persons", "num"], ["conversion", "Conversion", "pct"],
    ["conversion_from_previous", "From previous", "pct"], ["dropped_off", "Dropped off", "num"],
    ["drop_off_rate", "Drop-off rate", "pct"], ["median_time_from_previous_s", "Median time", "secs"],
    ["mean_time_from_previous_s", "Mean time", "secs"]], "funnel-steps");
  const body = table.querySelector("tbody");
  doc.steps.slice(0, -1).forEach((s, i) => {
    const cell = body.rows[i].insertCell();
    cell.appendChild(WL.el("button", { type: "button", class: "link dropped", "data-step": s.step,
      text: "who dropped", onclick: () => onDropped(s.step) }));
  });
  body.parentElement.tHead.rows[0].appendChild(WL.el("th", { text: "" }));
  return table;
}

function breakdownTable(doc) {
  const label = (s) => s.step + ". " + s.name;
  const rows = doc.breakdown.values.map((v) => Object.fromEntries([["value", v.value],
    ...v.steps.map((s) => [label(s), s.persons]), ["conversion", v.steps[v.steps.length - 1].conversion]]));
  return WL.table("By " + doc.breakdown.property, rows, [["value", "Value"],
    ...doc.steps.map((s) => [label(s), label(s), "num"]), ["conversion", "Conversion", "pct"]],
  "funnel-breakdown");
}

// the first persons are shown; the CSV button fetches every one of them from the API
function droppedTable(d, params) {
  const section = WL.table(`Persons who stopped at step ${d.step} (${WL.num(d.count)})`, d.persons,
    [["person_id", "Person", "link:/persons?id="], ["last_step_time", "Last step", "day"],
      ...(d.persons[0] && "breakdown" in d.persons[0] ? [["breakdown", "Breakdown"]] : [])],
    "dropped-step-" + d.step);
  section.classList.add("dropped-list");
  const all = new URLSearchParams(params);
  for (const key of ["dropped_at", "trend", "correlation", "correlation_property", "top"]) all.delete(key);
  all.set("step", d.step);
  all.set("format", "csv");
  section.querySelector("button.csv").replaceWith(WL.el("button", { type: "button", class: "csv",
    text: `CSV (all ${WL.num(d.count)})`, onclick: () => WL.fetchFile("/api/funnel/dropped", all,
      `dropped-step-${d.step}.csv`).catch(WL.showError) }));
  if (d.count > d.persons.length) {
    section.appendChild(WL.el("p", { class: "muted", text: `The first ${WL.num(d.persons.length)} are`
      + " listed; the CSV holds them all." }));
  }
  return section;
}

function drawTrend(trend, box) {
  const x = trend.periods.map((p) => p.period);
  box.appendChild(WL.el("h2", { class: "section", text: "Conversion by " + trend.interval + " of entry" }));
  WL.plot(box, [
    { x, y: trend.periods.map((p) => p.entered), name: "entered", type: "bar", opacity: 0.35, yaxis: "y2" },
    { x, y: trend.periods.map((p) => p.conversion), name: "conversion", type: "scatter", mode: "lines+markers" },
  ], { yaxis: { tickformat: ".0%", rangemode: "tozero" },
    yaxis2: { overlaying: "y", side: "right", rangemode: "tozero", showgrid: false, tickmode: "auto" },
    legend: { orientation: "h", y: 1.15 } }, 260);
  box.appendChild(WL.table("Conversion by " + trend.interval, trend.periods, [["period", "Entered in", "day"],
    ["entered", "Entered", "num"], ["converted", "Converted", "num"], ["conversion", "Conversion", "pct"]],
  "funnel-trend"));
}

const _short = (s) => (s >= 86400 ? s / 86400 + "d" : s >= 3600 ? s / 3600 + "h"
  : s >= 60 ? s / 60 + "m" : s + "s");
const binLabel = (b) => (b.to_s == null ? _short(b.from_s) + "+" : _short(b.from_s) + "–" + _short(b.to_s));

function drawTimeToConvert(steps, box) {
  const later = steps.filter((s) => s.time_histogram?.length);
  if (!later.length) return;
  // bins after the slowest conversion are left out
  const used = Math.max(0, ...later.flatMap((s) => s.time_histogram.map((b, i) => (b.persons ? i + 1 : 0))));
  later.forEach((s, i) => { later[i] = { ...s, time_histogram: s.time_histogram.slice(0, Math.max(used, 1)) }; });
  box.appendChild(WL.el("h2", { class: "section", text: "Time to convert, from the previous step" }));
  WL.plot(box, later.map((s) => ({ type: "bar", name: s.step + ". " + s.name,
    x: s.time_histogram.map(binLabel), y: s.time_histogram.map((b) => b.persons) })),
  { barmode: "group", xaxis: { type: "category" } }, 260);
  const name = (s) => s.step + ". " + s.name;
  const rows = later[0].time_histogram.map((b, i) => Object.fromEntries([["bin", binLabel(b)],
    ["from_s", b.from_s], ["to_s", b.to_s], ...later.map((s) => [name(s), s.time_histogram[i]?.persons])]));
  box.appendChild(WL.table("Persons by time from the previous step", rows, [["bin", "Time"],
    ["from_s", "From (s)", "num"], ["to_s", "To (s)", "num"], ...later.map((s) => [name(s), name(s), "num"])],
  "time-to-convert"));
}

function drawCorrelation(c, box) {
  const label = (r) => (r.kind === "event" ? r.name : r.name + " = " + r.value);
  box.appendChild(WL.el("h2", { class: "section", text: "What goes with converting" }));
  box.appendChild(WL.el("p", { class: "muted", text: `${WL.num(c.converters)} converters against`
    + ` ${WL.num(c.dropped)} who dropped off: events they did and property values they had on the way,`
    + " by odds ratio (above 1: more common among converters), with Fisher's exact test." }));
  const rows = [...c.success, ...c.failure];
  if (rows.length) {
    WL.plot(box, [{ type: "bar", orientation: "h", y: rows.map(label),
      x: rows.map((r) => Math.log2(r.odds_ratio)),
      customdata: rows.map((r) => r.odds_ratio),
      marker: { color: rows.map((r) => (r.odds_ratio > 1 ? "#1e8449" : "#c0392b")) },
      hovertemplate: "%{y}: odds ratio %{customdata:.2f}<extra></extra>" }],
    { xaxis: { title: { text: "log2 odds ratio: 1 = twice the odds among converters, −1 = half" },
      zeroline: true }, yaxis: { autorange: "reversed", automargin: true }, showlegend: false },
    Math.max(200, 24 * rows.length + 70));
  }
  const columns = [["candidate", "Event or property"], ["kind", "Kind"],
    ["converters", "Converters with it", "num"],
    ["dropped", "Drop-offs with it", "num"], ["odds_ratio", "Odds ratio", "num"], ["p_value", "p-value"],
    ["significant", "Significant (p < 0.05)"]];
  const shaped = (list) => list.map((r) => ({ ...r, candidate: label(r), p_value: r.p_value.toPrecision(2),
    significant: r.p_value < 0.05 ? "yes" : "no" }));
  const grid = WL.el("div", { class: "grid" });
  grid.append(WL.table("More common among converters", shaped(c.success), columns, "correlation-success"),
    WL.table("More common among drop-offs", shaped(c.failure), columns, "correlation-failure"));
  box.appendChild(grid);
}
