// The segments page: saved segments with their sizes, a rule builder for new ones, a comparison
// of the ticked segments (kept in the URL as ?compare=A&compare=B) and behavioral clusters.
"use strict";

const KINDS = [
  ["did", "did event"], ["person", "person trait"], ["funnel", "stopped in funnel"],
  ["churn", "churn risk above"],
];

// one condition row: a kind and the inputs that kind needs, read back by `condition(row)`
function conditionRow() {
  const kind = WL.el("select", { "aria-label": "condition kind", class: "kind" },
    ...KINDS.map(([value, text]) => WL.el("option", { value, text })));
  const inputs = WL.el("span", { class: "inputs multi-row" });
  const draw = () => inputs.replaceChildren(...{
    did: () => [WL.el("input", { name: "event", placeholder: "event, e.g. add_to_cart", list: "event-names" }),
      WL.el("input", { name: "at_least", type: "number", min: 1, value: 1, "aria-label": "at least" }),
      WL.el("input", { name: "in_last", placeholder: "in last (30d)" })],
    person: () => [WL.el("input", { name: "trait", placeholder: "plan in (pro, business)" })],
    funnel: () => [WL.el("input", { name: "steps", placeholder: "view_item, add_to_cart, purchase" }),
      WL.el("input", { name: "reached", type: "number", min: 1, value: 1, "aria-label": "reached step" })],
    churn: () => [WL.el("input", { name: "above", type: "number", min: 0, max: 1, step: 0.05, value: 0.5,
      "aria-label": "churn risk above" })],
  }[kind.value]());
  kind.onchange = draw;
  draw();
  const row = WL.el("div", { class: "condition multi-row" }, kind, inputs,
    WL.el("button", { type: "button", class: "remove", title: "remove", text: "×", onclick: () => row.remove() }));
  return row;
}

function condition(row) {
  const kind = row.querySelector(".kind").value;
  const value = (name) => row.querySelector(`[name=${name}]`).value.trim();
  if (kind === "did") {
    const found = { did: value("event"), at_least: Number(value("at_least") || 1) };
    if (value("in_last")) found.in_last = value("in_last");
    return found;
  }
  if (kind === "person") return { person: value("trait") };
  if (kind === "funnel") {
    return { funnel: value("steps").split(",").map((s) => s.trim()).filter(Boolean),
      reached: Number(value("reached")) };
  }
  return { churn_risk_above: Number(value("above")) };
}

async function create(form) {
  const rows = [...document.querySelectorAll("#conditions .condition")].map(condition);
  if (!rows.length) throw new Error("add a condition");
  const definition = rows.length === 1 ? rows[0] : { [form.elements.join.value]: rows };
  await WL.api("/api/segments", null, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: form.elements.name.value.trim(), kind: form.elements.kind.value, definition }) });
  location.reload();
}

function comparing() {
  return new URLSearchParams(location.search).getAll("compare");
}

function segmentList(segments) {
  const box = document.getElementById("list");
  const ticked = new Set(comparing());
  const rows = segments.map((s) => WL.el("tr", {},
    WL.el("td", {}, WL.el("input", { type: "checkbox", value: s.name, "aria-label": "compare " + s.name,
      ...(ticked.has(s.name) ? { checked: "" } : {}) })),
    WL.el("td", {}, WL.el("a", { href: "/trends?segment=" + encodeURIComponent(s.name), class: "segment-link",
      text: s.name, title: "analyses limited to this segment" })),
    WL.el("td", { class: "num", text: WL.num(s.persons) }), WL.el("td", { text: s.kind }),
    WL.el("td", { text: s.rule || s.description || "—" }),
    WL.el("td", {}, WL.el("button", { type: "button", class: "link", text: "delete",
      onclick: () => remove(s.name).catch(WL.showError) }))));
  const table = WL.el("table", { id: "segments" }, WL.el("thead", {}, WL.el("tr", {},
    ...["", "Segment", "Persons", "Kind", "Rule", ""].map((h) => WL.el("th", { text: h })))),
  WL.el("tbody", {}, ...rows));
  const compare = WL.el("button", { type: "button", id: "compare", text: "Compare the ticked segments",
    onclick: () => {
      const names = [...table.querySelectorAll("input:checked")].map((b) => b.value);
      if (names.length < 2) return WL.showError("tick two segments or more");
      const params = new URLSearchParams(WL.sharedQuery());
      for (const name of names) params.append("compare", name);
      history.pushState(null, "", "/segments?" + params);
      drawComparison(names).catch(WL.showError);
    } });
  box.replaceChildren(WL.el("h2", { text: "Saved segments" }), segments.length
    ? WL.el("div", { class: "scroll" }, table)
    : WL.el("p", { class: "muted", text: "No segment yet: make one below, or save clusters." }),
  segments.length > 1 ? WL.el("div", { class: "save" }, compare) : null);
}

async function remove(name) {
  await WL.api("/api/segments/" + encodeURIComponent(name), null, { method: "DELETE" });
  location.reload();
}

const SHOWN = { pct: ["bounce_rate", "purchase_rate", "retention_week_1", "funnel_conversion"] };

async function drawComparison(names) {
  const params = new URLSearchParams();
  for (const name of names) params.append("segments", name);
  for (const key of ["from", "to", "where"]) {
    for (const value of new URLSearchParams(location.search).getAll(key)) params.append(key, value);
  }
  const doc = await WL.api("/api/segments/compare", params);
  const pct = (m) => SHOWN.pct.includes(m);
  const fmt = (m, x) => (pct(m) ? WL.pct(x) : WL.num(x));
  const p = (x) => (x == null ? "—" : x < 0.001 ? "< 0.001" : x.toFixed(3));
  const rows = doc.metrics.map((m) => {
    const row = { metric: m.metric };
    m.values.forEach((v) => { row[v.segment] = fmt(m.metric, v.value); });
    for (const d of m.differences) {
      row[d.segment + " vs " + d.versus] = d.difference == null ? "—"
        : `${fmt(m.metric, d.difference)} [${fmt(m.metric, d.ci_low)}, ${fmt(m.metric, d.ci_high)}] p ${p(d.p_value)}`;
    }
    return row;
  });
  const sizes = doc.segments.map((s) => ({ segment: s.name, persons: s.persons, active: s.active_persons }));
  const columns = [["metric", "Metric"], ...names.map((n) => [n, n]),
    ...doc.metrics[0].differences.map((d) => [d.segment + " vs " + d.versus, d.segment + " − " + d.versus + " (95% CI, p)"])];
  const box = document.getElementById("comparison");
  box.replaceChildren(
    WL.table("Segments side by side", sizes, [["segment", "Segment"], ["persons", "Persons", "num"],
      ["active", "Active in range", "num"]], "segment sizes"),
    WL.table("Comparison with " + names[0], rows, columns, "segment comparison"));
  return doc;
}

async function drawAuto(save) {
  const params = new URLSearchParams(WL.sharedQuery());
  params.delete("segment");
  if (save) params.set("save", save);
  const box = document.getElementById("auto-result");
  box.replaceChildren(WL.el("span", { class: "muted", text: "clustering…" }));
  const doc = await WL.api("/api/segments/auto", params);
  const rows = doc.groups.map((g) => ({ group: g.group, name: g.name, ...g.metrics }));
  box.replaceChildren(
    WL.el("p", { class: "muted", text: `${doc.k} clusters chosen by silhouette among ${doc.persons} persons` }),
    WL.table("Clusters", rows, [["group", "#"], ["name", "Cluster"], ["persons", "Persons", "num"],
      ["share", "Share", "pct"], ["sessions_per_week", "Sessions / week", "num"],
      ["session_minutes", "Session min", "num"], ["recency_days", "Days since seen", "num"],
      ["buyer", "Buyers", "pct"], ["revenue", "Revenue / person", "num"]], "clusters"),
    save ? null : WL.el("div", { class: "save" },
      WL.el("input", { id: "auto-prefix", value: "auto", "aria-label": "segment name prefix" }),
      WL.el("button", { type: "button", id: "save-auto", text: "Save the clusters as segments",
        onclick: () => drawAuto(document.getElementById("auto-prefix").value.trim() || "auto")
          .then(() => location.reload()).catch(WL.showError) })));
}

async function main() {
  WL.nav();
  const conditions = document.getElementById("conditions");
  conditions.appendChild(conditionRow());
  document.getElementById("add-condition").onclick = () => conditions.appendChild(conditionRow());
  const form = document.getElementById("rule");
  form.onsubmit = (event) => { event.preventDefault(); create(form).catch(WL.showError); };
  document.getElementById("run-auto").onclick = () => drawAuto().catch(WL.showError);
  window.onpopstate = () => location.reload();
  WL.api("/api/info").then((info) => {
    const list = WL.el("datalist", { id: "event-names" },
      ...Object.keys(info.event_names).map((n) => WL.el("option", { value: n })));
    document.body.appendChild(list);
  }).catch(() => {});
  segmentList(await WL.api("/api/segments"));
  const names = comparing();
  if (names.length >= 2) await drawComparison(names);
}

main().catch(WL.showError).finally(() => {
  document.getElementById("result").setAttribute("aria-busy", "false");
  WL.ready();
});
