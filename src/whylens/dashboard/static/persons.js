// The Persons page: search by id or trait (?q=), and one person's profile (?id=) with traits,
// ids, a timeline chart of their events, their sessions and their latest events.
"use strict";

async function search(q) {
  const data = await WL.api("/api/persons", new URLSearchParams({ q, limit: "50" }));
  const rows = data.persons.map((p) => ({ ...p, traits: Object.entries(p.traits)
    .map(([k, v]) => k + ": " + v).join(", ") }));
  return WL.table(`${rows.length} persons` + (q ? ` matching “${q}”` : " seen most recently"), rows,
    [["person_id", "Person", "link:/persons?id="], ["traits", "Traits"], ["first_seen", "First seen", "day"],
      ["last_seen", "Last seen", "day"], ["is_identified", "Identified"]], "persons");
}

async function profile(id, box) {
  const p = await WL.api("/api/persons/" + encodeURIComponent(id));
  box.appendChild(WL.el("h2", { class: "person", text: p.person_id }));
  WL.cards(box, [WL.card("Events", WL.num(p.totals.events)), WL.card("Sessions", WL.num(p.totals.sessions)),
    WL.card("First seen", WL.day(p.first_seen)), WL.card("Last seen", WL.day(p.last_seen))]);
  const traits = Object.entries(p.traits).map(([trait, value]) => ({ trait, value }));
  const grid = WL.el("div", { class: "grid" });
  grid.append(WL.table("Traits", traits, [["trait", "Trait"], ["value", "Value"]], "traits"),
    WL.table("Ids", p.distinct_ids.map((d) => ({ distinct_id: d })), [["distinct_id", "Distinct id"]], "ids"));
  box.appendChild(grid);
  const names = [...new Set(p.events.map((e) => e.event))];
  WL.plot(box, [{ type: "scatter", mode: "markers", x: p.events.map((e) => e.timestamp),
    y: p.events.map((e) => e.event), text: p.events.map((e) => e.path || ""),
    marker: { size: 9 } }],
  { yaxis: { type: "category", categoryarray: names, automargin: true }, showlegend: false },
  Math.max(200, 26 * names.length + 80));
  box.appendChild(WL.table("Sessions", p.sessions, [["started_at", "Started", "day"],
    ["duration_s", "Duration", "secs"], ["events", "Events", "num"], ["pageviews", "Page views", "num"],
    ["entry_path", "Entry"], ["exit_path", "Exit"], ["utm_source", "Source"],
    ["device_type", "Device"], ["is_bounce", "Bounce"]], "sessions"));
  box.appendChild(WL.table(`Latest events (${p.events.length})`, p.events, [["timestamp", "Time", "day"],
    ["event", "Event"], ["path", "Path"], ["session_id", "Session"], ["properties", "Properties"]], "events"));
}

async function main() {
  WL.nav();
  const params = new URLSearchParams(location.search);
  const form = document.getElementById("search");
  const input = document.getElementById("q");
  input.value = params.get("q") || "";
  form.onsubmit = (event) => {
    event.preventDefault();
    location.search = new URLSearchParams({ q: input.value.trim() }).toString();
  };
  const box = document.getElementById("result");
  if (params.get("id")) await profile(params.get("id"), box);
  else box.appendChild(await search(params.get("q") || ""));
}

main().catch(WL.showError).finally(WL.ready);
