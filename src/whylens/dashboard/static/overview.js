// The overview page: one call to /api/overview, drawn as cards, a chart and tables.
"use strict";

const fmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const pct = (x) => (x == null ? "—" : fmt.format(100 * x) + "%");
const num = (x) => (x == null ? "—" : fmt.format(x));
const secs = (s) => (s == null ? "—" : s < 90 ? fmt.format(s) + " s" : fmt.format(s / 60) + " min");

function card(label, value) {
  const el = document.createElement("div");
  el.className = "card";
  el.innerHTML = '<div class="label"></div><div class="value"></div>';
  el.querySelector(".label").textContent = label;
  el.querySelector(".value").textContent = value;
  return el;
}

function fillTable(id, rows, columns) {
  const table = document.getElementById(id);
  const head = table.createTHead().insertRow();
  for (const [key, label, kind] of columns) {
    const th = document.createElement("th");
    th.textContent = label;
    if (kind) th.className = "num";
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const [key, , kind] of columns) {
      const td = tr.insertCell();
      td.textContent = kind === "pct" ? pct(row[key]) : kind ? num(row[key]) : row[key];
      if (kind) td.className = "num";
    }
  }
}

function themeLayout() {
  const css = getComputedStyle(document.documentElement);
  const text = css.getPropertyValue("--text").trim();
  const line = css.getPropertyValue("--line").trim();
  return {
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", font: { color: text },
    margin: { l: 50, r: 50, t: 10, b: 40 }, legend: { orientation: "h", y: -0.15 },
    xaxis: { gridcolor: line }, yaxis: { gridcolor: line, title: "events", rangemode: "tozero" },
    yaxis2: { overlaying: "y", side: "right", title: "persons", showgrid: false, rangemode: "tozero" },
  };
}

async function main() {
  const response = await fetch("/api/overview");
  if (!response.ok) throw new Error("overview: HTTP " + response.status);
  const data = await response.json();
  const t = data.totals;
  const cards = document.getElementById("cards");
  cards.append(card("Persons", num(t.persons)), card("Sessions", num(t.sessions)),
    card("Events", num(t.events)), card("Bounce rate", pct(t.bounce_rate)),
    card("Median session", secs(t.median_session_s)), card("Pages / session", num(t.pages_per_session)));
  const days = data.daily.map((d) => d.day);
  Plotly.newPlot("daily", [
    { x: days, y: data.daily.map((d) => d.events), name: "events", type: "bar", opacity: 0.5 },
    { x: days, y: data.daily.map((d) => d.persons), name: "persons", type: "scatter", yaxis: "y2" },
  ], themeLayout(), { responsive: true, displaylogo: false });
  fillTable("top-events", data.top_events, [["event", "Event"], ["events", "Events", "n"], ["persons", "Persons", "n"]]);
  fillTable("landing", data.landing_pages, [["path", "Page"], ["sessions", "Sessions", "n"], ["bounce_rate", "Bounce", "pct"]]);
  fillTable("sources", data.sources, [["source", "Source"], ["sessions", "Sessions", "n"], ["persons", "Persons", "n"]]);
}

main().catch((error) => {
  const el = document.getElementById("error");
  el.hidden = false;
  el.textContent = String(error);
}).finally(() => { document.documentElement.dataset.ready = "1"; });
