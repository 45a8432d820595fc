// The overview page: /api/overview drawn as key-number cards (value, change against the previous
// period, a sparkline of both periods), activity per day, and the top tables.
"use strict";

const KPI_VIEW = {
  persons: ["Persons", "num"], sessions: ["Sessions", "num"], bounce_rate: ["Bounce rate", "pct"],
  median_session_s: ["Median session", "secs"], conversion: ["Conversion", "pct"],
};
const _day = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const shortDay = (iso, back) => _day.format(new Date(Date.parse(iso + "Z") - (back ? 1 : 0)));

// the change as words: points for rates, units otherwise, and the relative change
function changeText(kpi, format) {
  if (kpi.change == null) return kpi.previous == null ? "no previous period" : "no change to show";
  const sign = kpi.change > 0 ? "+" : kpi.change < 0 ? "−" : "±";
  const size = Math.abs(kpi.change);
  const amount = format === "pct" ? WL.num(100 * size) + " pt" : format === "secs" ? WL.secs(size) : WL.num(size);
  const pct = kpi.change_pct;
  const relative = pct == null ? "" : ` (${pct >= 0 ? "+" : "−"}${WL.pct(Math.abs(pct))})`;
  return `${sign}${amount}${relative} vs previous`;
}

function mood(kpi) {
  if (!kpi.change) return "flat";
  return (kpi.change > 0) === (kpi.good === "up") ? "good" : "bad";
}

// an inline SVG line of the period (solid) over the previous one (dashed); gaps stay gaps
function sparkline(series) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 100 30");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("class", "spark");
  svg.setAttribute("role", "img");
  const values = series.flatMap((p) => [p.value, p.previous]).filter((v) => v != null);
  const low = Math.min(...values);
  const span = Math.max(...values) - low || 1;  // from the lowest to the highest day: the shape
  const x = (i) => (series.length < 2 ? 50 : (100 * i) / (series.length - 1));
  const y = (v) => 28 - (26 * (v - low)) / span;
  for (const [key, cls] of [["previous", "previous"], ["value", "current"]]) {
    let run = [];
    const flush = () => {
      if (run.length) {
        const line = document.createElementNS(ns, "polyline");
        line.setAttribute("points", run.join(" "));
        line.setAttribute("class", cls);
        line.setAttribute("vector-effect", "non-scaling-stroke");
        svg.appendChild(line);
      }
      run = [];
    };
    series.forEach((p, i) => (p[key] == null ? flush() : run.push(`${x(i)},${y(p[key])}`)));
    flush();
  }
  svg.setAttribute("aria-label", "daily values of the period (solid) and the previous one (dashed)");
  return svg;
}

function kpiCard(kpi, funnel) {
  const [label, format] = KPI_VIEW[kpi.metric];
  const title = kpi.metric === "conversion" && funnel?.name ? label + " · " + funnel.name : label;
  const card = WL.card(title, WL.cell(kpi.value, format));
  card.dataset.metric = kpi.metric;
  card.appendChild(WL.el("div", { class: "change " + mood(kpi), text: changeText(kpi, format),
    title: "previous period: " + WL.cell(kpi.previous, format) }));
  if (kpi.metric === "conversion") {
    const link = funnelLink(funnel);
    card.appendChild(WL.el("div", { class: "note" }, WL.num(kpi.converted) + " of " + WL.num(kpi.entered)
      + " who entered · ", WL.el("a", { href: link, text: "open the funnel" })));
  }
  if (kpi.series.length) card.appendChild(sparkline(kpi.series));
  return card;
}

function funnelLink(funnel) {
  const params = new URLSearchParams(WL.sharedQuery());
  for (const step of funnel.steps) params.append("steps", step);
  params.set("window", funnel.window ?? "none");
  params.set("order", funnel.order);
  params.set("trend", "week");
  params.set("correlation", "true");
  return "/funnels?" + params;
}

function periodNote(period) {
  if (!period) return "No events yet.";
  const p = period.previous;
  return `${shortDay(period.from)} – ${shortDay(period.to, true)} (${WL.num(period.days)} days), compared`
    + ` with ${shortDay(p.from)} – ${shortDay(p.to, true)}`
    + (p.partial ? "; the data begins within that earlier period, so it is only partly covered." : ".");
}

function draw(data, box) {
  box.appendChild(WL.el("p", { class: "muted period", text: periodNote(data.period) }));
  const cards = data.kpis.map((k) => kpiCard(k, data.funnel));
  if (!data.funnel || data.funnel.error) {
    const note = data.funnel ? ["The saved funnel “" + data.funnel.name + "” cannot run: "
      + data.funnel.error + " Fix it on the "] : ["Save a funnel on the "];
    cards.push(WL.el("div", { class: "card", "data-metric": "conversion" },
      WL.el("div", { class: "label", text: "Conversion" }), WL.el("div", { class: "value", text: "—" }),
      WL.el("div", { class: "note" }, ...note, WL.el("a", { href: "/funnels", text: "Funnels page" }),
        data.funnel ? "." : " to follow its conversion here.")));
  }
  box.appendChild(WL.el("section", { class: "cards kpis" }, ...cards));
  const days = data.daily.map((d) => d.day);
  WL.plot(box, [
    { x: days, y: data.daily.map((d) => d.events), name: "events", type: "bar", opacity: 0.5 },
    { x: days, y: data.daily.map((d) => d.persons), name: "persons", type: "scatter", yaxis: "y2" },
  ], { margin: { l: 50, r: 50, t: 10, b: 40 },
    yaxis2: { overlaying: "y", side: "right", title: { text: "persons" }, showgrid: false, rangemode: "tozero",
      tickmode: "auto" } });
  const grid = WL.el("div", { class: "grid" });
  grid.append(
    WL.table("Top events", data.top_events, [["event", "Event"], ["events", "Events", "num"],
      ["persons", "Persons", "num"]], "top-events"),
    WL.table("Landing pages", data.landing_pages, [["path", "Page"], ["sessions", "Sessions", "num"],
      ["bounce_rate", "Bounce", "pct"]], "landing-pages"),
    WL.table("Sources", data.sources, [["source", "Source"], ["sessions", "Sessions", "num"],
      ["persons", "Persons", "num"], ["bounce_rate", "Bounce", "pct"]], "sources"));
  box.appendChild(grid);
}

async function fields() {
  const saved = await WL.api("/api/insights").catch(() => []);
  const funnels = saved.filter((i) => i.kind === "funnel").map((i) => [i.insight_id, i.name]);
  return [
    { name: "funnel", label: "Main funnel", type: "select", options: [["", "latest saved funnel"], ...funnels] },
    { name: "days", label: "Last N days (no dates)", type: "number", default: 28, min: 1, max: 3660 },
    ...WL.COMMON_FIELDS,
  ];
}

async function show(params, push) {
  if (push) history.pushState(null, "", "/" + (params.size ? "?" + params : ""));
  WL.nav();
  const box = document.getElementById("result");
  WL.showError(null);
  box.setAttribute("aria-busy", "true");
  try {
    const data = await WL.api("/api/overview", params);
    box.replaceChildren();
    draw(data, box);
  } catch (error) {
    box.replaceChildren();
    WL.showError(error);
  } finally {
    box.setAttribute("aria-busy", "false");
  }
}

async function main() {
  const params = new URLSearchParams(location.search);
  const form = document.getElementById("builder");
  const shown = show(params, false); // the numbers need only the URL: asked beside the form's lists
  WL.builder(form, await fields(), params, (next) => show(next, true));
  window.onpopstate = () => location.reload();
  await shown;
}

main().catch(WL.showError).finally(WL.ready);
