// The Sentiment page: NPS, CSAT, CES and mean sentiment per period with their 95% bands and
// flagged drops, the themes with example quotes, how answers relate to churn and feature use,
// what each NPS band did before answering, and the latest comments. Every number comes from
// /api/feedback/… as the CLI prints it; the page-wide date range, filters and segment limit them
// all (docs/feedback.md: which answers they keep).
"use strict";

const signed = (v, digits) => (v == null ? "—" : (v > 0 ? "+" : "") + v.toFixed(digits));
// metric, label, value format, axis options
const METRICS = [
  ["nps", "NPS", (v) => signed(v, 0), { rangemode: "normal" }],
  ["csat", "CSAT", WL.pct, { tickformat: ".0%" }],
  ["ces", "CES (1–7)", (v) => (v == null ? "—" : v.toFixed(1)), {}],
  ["sentiment", "Mean sentiment", (v) => signed(v, 2), { rangemode: "normal" }],
];
const round = (v, digits) => (v == null ? null : Number(v.toFixed(digits)));
const day = (d) => WL.day(d).slice(0, 10);

const FIELDS = [
  { name: "interval", label: "Trend per", type: "select", options: ["week", "month"] },
  { name: "churn_days", label: "Churned: no event in the last N days", type: "number", default: 30,
    min: 1, max: 3650 },
  { name: "before_days", label: "Before answering: N days", type: "number", default: 7, min: 1,
    max: 3650 },
  ...WL.COMMON_FIELDS,
];

// the form's choices, the URL's state: a new choice reloads the page with them
function options() {
  const form = document.getElementById("builder");
  WL.builder(form, FIELDS, new URLSearchParams(location.search), (next) => {
    location.search = next.toString();
  });
  return WL.formParams(form, FIELDS);
}

// the query of one endpoint: the page's chosen values of the parameters it takes, and the scope
// every analysis takes (from, to, every `where`, segment)
function pick(chosen, ...names) {
  const query = new URLSearchParams();
  for (const name of [...names, ...WL.SHARED]) {
    for (const value of chosen.getAll(name)) query.append(name, value);
  }
  return query;
}

// what the answers were limited to, in words, from the `scope` the API answers with
function scopeNote(scope) {
  const parts = [];
  if (scope.from || scope.to) {
    parts.push("given" + (scope.from ? ` from ${day(scope.from)}` : "")
      + (scope.to ? ` before ${day(scope.to)}` : ""));
  }
  if (scope.where.length) {
    parts.push(`by persons with an event${scope.from || scope.to ? " in that range" : ""} where `
      + scope.where.join(" and "));
  }
  if (scope.segment) parts.push(`of the persons of segment “${scope.segment}”`);
  if (!parts.length) return null;
  const followed = scope.from || scope.to || scope.where.length
    ? " What they did is read from all their events, whatever the dates and filters." : "";
  return WL.el("p", { class: "muted", id: "scope-note",
    text: `Only the answers ${parts.join(", ")}.${followed}` });
}

function latestCards(doc, box) {
  const cards = [];
  for (const [m, label, format] of METRICS) {
    const last = doc.periods.filter((p) => p[m] != null && p[m + "_n"] > 0).at(-1);
    if (!last) continue;
    cards.push(WL.card(label, format(last[m]), `${doc.interval} of ${day(last.date)} · 95% `
      + `[${format(last[m + "_low"])}, ${format(last[m + "_high"])}] · n = ${WL.num(last[m + "_n"])}`));
  }
  const answers = doc.periods.reduce((sum, p) => sum + p.nps_n + p.csat_n + p.ces_n, 0);
  const texts = doc.periods.reduce((sum, p) => sum + p.sentiment_n, 0);
  cards.push(WL.card("Scores", WL.num(answers), "NPS, CSAT and CES answers"));
  cards.push(WL.card("Scored comments", WL.num(texts), "English texts with a sentiment"));
  cards.push(WL.card("Drops flagged", WL.num(doc.drops.length), "significant falls, p < 0.05"));
  box.appendChild(WL.el("section", { class: "cards", id: "latest" }, ...cards));
}

function trendChart(doc, box) {
  const shown = METRICS.filter(([m]) => doc.periods.some((p) => p[m + "_n"] > 0));
  if (!shown.length) return;
  const line = getComputedStyle(document.documentElement).getPropertyValue("--line").trim();
  const layout = { grid: { rows: shown.length, columns: 1, pattern: "independent" },
    showlegend: false, margin: { l: 64, r: 20, t: 10, b: 40 }, hovermode: "x unified" };
  const traces = [];
  shown.forEach(([m, label, format, axis], i) => {
    const n = i ? String(i + 1) : "";
    const rows = doc.periods.filter((p) => p[m] != null);
    const x = rows.map((p) => p.date);
    const on = { xaxis: "x" + n, yaxis: "y" + n, type: "scatter" };
    traces.push({ ...on, x, y: rows.map((p) => p[m + "_high"]), mode: "lines", line: { width: 0 },
      hoverinfo: "skip" });
    traces.push({ ...on, x, y: rows.map((p) => p[m + "_low"]), mode: "lines", line: { width: 0 },
      fill: "tonexty", fillcolor: "rgba(99, 91, 230, 0.2)", hoverinfo: "skip" });
    traces.push({ ...on, x, y: rows.map((p) => p[m]), mode: "lines+markers", name: label,
      line: { color: "#635be6" }, text: rows.map((p) => `${format(p[m])} [${format(p[m + "_low"])}, `
        + `${format(p[m + "_high"])}] n=${p[m + "_n"]}`), hovertemplate: label + " %{text}<extra></extra>" });
    const drops = rows.filter((p) => p[m + "_drop"]);
    traces.push({ ...on, x: drops.map((p) => p.date), y: drops.map((p) => p[m]), mode: "markers",
      name: "drop", marker: { symbol: "triangle-down", size: 14, color: "#c0392b" },
      hovertemplate: "significant drop<extra></extra>" });
    layout["yaxis" + n] = { title: { text: label }, gridcolor: line, automargin: true, ...axis };
    layout["xaxis" + n] = { gridcolor: line, showticklabels: i === shown.length - 1 };
  });
  const chart = WL.plot(box, traces, layout, 150 * shown.length + 60);
  chart.id = "trend-chart";
}

function trendTable(doc, box) {
  const rows = doc.periods.map((p) => ({ date: day(p.date),
    nps: round(p.nps, 1), nps_low: round(p.nps_low, 1), nps_high: round(p.nps_high, 1), nps_n: p.nps_n,
    csat: p.csat, csat_n: p.csat_n, ces: round(p.ces, 2), ces_n: p.ces_n,
    sentiment: round(p.sentiment, 3), sentiment_n: p.sentiment_n,
    drops: METRICS.filter(([m]) => p[m + "_drop"]).map(([, label]) => label).join(", ") }));
  box.appendChild(WL.table(`Per ${doc.interval}`, rows, [
    ["date", "Period"], ["nps", "NPS"], ["nps_low", "NPS low"], ["nps_high", "NPS high"],
    ["nps_n", "NPS answers", "num"], ["csat", "CSAT", "pct"], ["csat_n", "CSAT answers", "num"],
    ["ces", "CES"], ["ces_n", "CES answers", "num"], ["sentiment", "Sentiment"],
    ["sentiment_n", "Scored texts", "num"], ["drops", "Drop flagged"]], "feedback-trends"));
  box.lastChild.id = "trend-table";
}

// long texts wrap instead of widening the table (phone widths)
function wrapColumns(section, count) {
  for (const row of section.querySelectorAll("tr")) {
    for (const cell of [...row.cells].slice(-count)) {
      cell.style.whiteSpace = "normal";
      cell.style.minWidth = "16rem";
    }
  }
  return section;
}

function themesTable(doc, box) {
  const rows = doc.themes.map((t) => ({ theme: t.theme, mentions: t.mentions,
    negative_share: t.negative_share, sentiment_mean: round(t.sentiment_mean, 2),
    trend: t.trend.map((p) => p.mentions).join(" "),
    phrases: t.phrases.map((p) => p.phrase).join(", "),
    quotes: t.examples.map((e) => "“" + e.text + "”").join("  ") }));
  const table = WL.table(`Themes (mentions per ${doc.interval})`, rows, [["theme", "Theme"],
    ["mentions", "Mentions", "num"], ["negative_share", "Negative", "pct"],
    ["sentiment_mean", "Mean sentiment"], ["trend", "Trend"], ["phrases", "Recurring phrases"],
    ["quotes", "Example quotes"]], "feedback-themes");
  table.id = "themes-table";
  box.appendChild(wrapColumns(table, 2));
}

function behaviorTables(doc, box) {
  const churn = doc.churn.map((r) => ({ ...r, by: r.by === "nps_band" ? "NPS band" : "sentiment" }));
  if (churn.length) {
    WL.plot(box, [{ type: "bar", x: churn.map((r) => r.by + ": " + r.group),
      y: churn.map((r) => r.churn_rate), marker: { color: "#635be6" },
      error_y: { type: "data", symmetric: false, array: churn.map((r) => r.churn_rate_high - r.churn_rate),
        arrayminus: churn.map((r) => r.churn_rate - r.churn_rate_low) } }],
    { yaxis: { tickformat: ".0%", title: { text: "churn rate (95%)" } } }, 260);
  }
  const grid = WL.el("div", { class: "grid" });
  const table = WL.table(`Churn by answer (no event in the last ${doc.churn_days} days)`, churn, [
    ["by", "By"], ["group", "Group"], ["persons", "Persons", "num"], ["churned", "Churned", "num"],
    ["churn_rate", "Churn rate", "pct"], ["churn_rate_low", "Low", "pct"],
    ["churn_rate_high", "High", "pct"]], "feedback-churn");
  table.id = "churn-table";
  grid.append(table, WL.table("Events of promoters and detractors", doc.feature_use, [
    ["event", "Event"], ["promoters", "Promoters", "pct"], ["detractors", "Detractors", "pct"],
    ["difference", "Difference", "pct"]], "feedback-feature-use"));
  box.appendChild(grid);
}

const ratio = (v) => (v == null ? "—" : v.toFixed(1) + "×");
const pValue = (v) => (v == null ? "—" : v < 0.001 ? "< 0.001" : v.toPrecision(2));

function beforeTables(before, box) {
  const days = before.days === 1 ? "day" : before.days + " days";
  const bands = before.bands.map((b) => ({ ...b,
    last_events: b.last_events.map((e) => `${e.event} ${WL.pct(e.share)}`).join(", ") }));
  const table = WL.table(`In the ${days} before their latest NPS answer`, bands, [
    ["band", "Band"], ["persons", "Persons", "num"], ["active_persons", "With a session", "num"],
    ["sessions_median", "Sessions (median)", "num"], ["sessions_mean", "Sessions (mean)", "num"],
    ["session_duration_median_s", "Session length (median)", "secs"],
    ["events_mean", "Events (mean)", "num"], ["last_events", "Last event before answering"]],
  "feedback-before-answering");
  table.id = "before-table";
  box.appendChild(wrapColumns(table, 1));
  if (!before.events.length) {
    box.appendChild(WL.el("p", { class: "muted", text: "No event was done by a larger share of "
      + "detractors than of promoters before answering (or a band has no one)." }));
    return;
  }
  const events = before.events.map((e) => e.event);
  const bars = [["detractors", "Detractors", "#c0392b"], ["passives", "Passives", "#9a9a9a"],
    ["promoters", "Promoters", "#635be6"]];
  const chart = WL.plot(box, bars.map(([key, name, color]) => ({ type: "bar", name, x: events,
    y: before.events.map((e) => e[key]), marker: { color } })),
  { barmode: "group", yaxis: { tickformat: ".0%", title: { text: "share who did it" } } }, 280);
  chart.id = "before-chart";
  const rows = before.events.map((e) => ({ ...e, ratio: ratio(e.ratio), p_value: pValue(e.p_value) }));
  const list = WL.table(`Events detractors did more often than promoters (${days} before answering)`,
    rows, [["event", "Event"], ["detractors", "Detractors", "pct"], ["passives", "Passives", "pct"],
      ["promoters", "Promoters", "pct"], ["difference", "Difference", "pct"],
      ["ci_low", "Low", "pct"], ["ci_high", "High", "pct"], ["ratio", "Ratio"],
      ["p_value", "p"]], "feedback-before-events");
  list.id = "before-events-table";
  box.appendChild(list);
}

function latestTable(doc, box) {
  const rows = doc.items.map((i) => ({ timestamp: i.timestamp, kind: i.kind, score: i.score,
    sentiment: i.sentiment, label: i.label, themes: i.themes.join(", "), text: i.text }));
  box.appendChild(wrapColumns(WL.table(`Latest feedback (${rows.length})`, rows, [
    ["timestamp", "Time", "day"], ["kind", "Kind"], ["score", "Score", "num"],
    ["sentiment", "Sentiment"], ["label", "Label"], ["themes", "Themes"], ["text", "Text"]],
  "feedback-latest"), 1));
}

async function main() {
  WL.nav();
  const chosen = options();
  const box = document.getElementById("result");
  const latestQuery = pick(chosen);
  latestQuery.set("limit", "50");
  const [trends, themes, behavior, latest] = await Promise.all([
    WL.api("/api/feedback/trends", pick(chosen, "interval")),
    WL.api("/api/feedback/themes", pick(chosen, "interval")),
    WL.api("/api/feedback/behavior", pick(chosen, "churn_days", "before_days")),
    WL.api("/api/feedback/list", latestQuery)]);
  const note = scopeNote(trends.scope);
  if (note) box.appendChild(note);
  if (!trends.periods.length) {
    box.appendChild(WL.el("p", { class: "muted", text: note
      ? "No feedback in this range, for these filters and segment."
      : "No feedback yet: import it with `whylens import-feedback`, send it to POST /v1/feedback,"
        + " or capture PostHog survey events." }));
    return;
  }
  latestCards(trends, box);
  trendChart(trends, box);
  trendTable(trends, box);
  themesTable(themes, box);
  box.appendChild(WL.el("h2", { class: "section", text: "What they did" }));
  behaviorTables(behavior, box);
  box.appendChild(WL.el("h2", { class: "section", text: "What they did before answering" }));
  beforeTables(behavior.before_answer, box);
  latestTable(latest, box);
}

main().catch(WL.showError).finally(() => {
  document.getElementById("result").removeAttribute("aria-busy");
  WL.ready();
});
