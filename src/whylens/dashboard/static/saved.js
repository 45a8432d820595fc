// Saved insights and dashboards: open or delete an insight, make a dashboard of the ones
// ticked, and draw a dashboard (?dashboard=ID) as a grid of compact charts.
"use strict";

const PAGE_OF = { funnel: "funnels" };

function insightUrl(insight) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(insight.options)) {
    for (const v of [].concat(value)) params.append(key, v);
  }
  return "/" + (PAGE_OF[insight.kind] || insight.kind) + "?" + params;
}

function insightParams(insight) {
  return new URLSearchParams(insightUrl(insight).split("?")[1]);
}

async function remove(path) {
  await WL.api(path, null, { method: "DELETE" });
  location.reload();
}

async function makeDashboard(ids) {
  const name = document.getElementById("dashboard-name").value.trim() || "Dashboard";
  const items = ids.map((insight_id, i) => ({ insight_id, x: (i % 2) * 6, y: Math.floor(i / 2) * 4, w: 6, h: 4 }));
  const board = await WL.api("/api/dashboards", null, { method: "POST",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name, items }) });
  location.search = "dashboard=" + board.dashboard_id;
}

function insightList(insights) {
  const rows = insights.map((i) => WL.el("tr", {},
    WL.el("td", {}, WL.el("input", { type: "checkbox", value: i.insight_id, "aria-label": "select" })),
    WL.el("td", {}, WL.el("a", { href: insightUrl(i), class: "insight-link", text: i.name })),
    WL.el("td", { text: i.kind }), WL.el("td", { text: WL.day(i.updated_at) }),
    WL.el("td", {}, WL.el("button", { type: "button", class: "link", text: "delete",
      onclick: () => remove("/api/insights/" + i.insight_id).catch(WL.showError) }))));
  const table = WL.el("table", { id: "insights" }, WL.el("thead", {}, WL.el("tr", {},
    ...["", "Name", "Kind", "Changed", ""].map((h) => WL.el("th", { text: h })))), WL.el("tbody", {}, ...rows));
  const create = WL.el("div", { class: "save" },
    WL.el("input", { id: "dashboard-name", placeholder: "Dashboard name", "aria-label": "dashboard name" }),
    WL.el("button", { type: "button", text: "Make a dashboard of the ticked insights", onclick: () => {
      const ids = [...table.querySelectorAll("input:checked")].map((b) => b.value);
      if (!ids.length) return WL.showError("tick at least one insight");
      makeDashboard(ids).catch(WL.showError);
    } }));
  const empty = WL.el("p", { class: "muted", text: "Nothing saved yet: build a view on any analysis page and save it." });
  return WL.el("section", { class: "panel" }, WL.el("h2", { text: "Saved insights" }),
    insights.length ? WL.el("div", { class: "scroll" }, table) : empty, insights.length ? create : null);
}

function boardList(boards) {
  const items = boards.map((b) => WL.el("li", {},
    WL.el("a", { href: "/saved?dashboard=" + b.dashboard_id, text: b.name }),
    ` (${b.items.length} insights) `,
    WL.el("button", { type: "button", class: "link", text: "delete",
      onclick: () => remove("/api/dashboards/" + b.dashboard_id).catch(WL.showError) })));
  return WL.el("section", { class: "panel" }, WL.el("h2", { text: "Dashboards" }),
    boards.length ? WL.el("ul", {}, ...items) : WL.el("p", { class: "muted", text: "No dashboards yet." }));
}

async function drawBoard(id, box) {
  const board = await WL.api("/api/dashboards/" + encodeURIComponent(id));
  document.getElementById("title").textContent = board.name;
  const grid = WL.el("div", { class: "board" });
  box.appendChild(grid);
  const tiles = [...board.items].sort((a, b) => a.y - b.y || a.x - b.x);
  await Promise.all(tiles.map(async (item) => {
    const tile = WL.el("div", { class: "tile" }, WL.el("h2", {},
      WL.el("a", { href: insightUrl(item.insight), text: item.insight.name })));
    tile.style.gridColumn = `span ${item.w}`;
    grid.appendChild(tile);
    try {
      const doc = await WL.api("/api/" + item.insight.kind, insightParams(item.insight));
      WL.draw[item.insight.kind](doc, tile, true);
    } catch (error) {
      tile.appendChild(WL.el("p", { class: "error", text: String(error.message || error) }));
    }
  }));
}

async function main() {
  WL.nav();
  const box = document.getElementById("result");
  const id = new URLSearchParams(location.search).get("dashboard");
  if (id) return drawBoard(id, box);
  const [insights, boards] = await Promise.all([WL.api("/api/insights"), WL.api("/api/dashboards")]);
  box.append(insightList(insights), boardList(boards));
}

main().catch(WL.showError).finally(WL.ready);
