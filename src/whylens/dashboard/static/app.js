// Shared by every page: the navigation (carrying the date range and filters), API calls,
// number formats, tables with CSV export, and a chart layout that follows the theme.
"use strict";

const WL = {};

WL.PAGES = [
  ["/", "Overview"], ["/trends", "Trends"], ["/funnels", "Funnels"], ["/retention", "Retention"],
  ["/paths", "Paths"], ["/sessions", "Sessions & web"], ["/stickiness", "Stickiness"],
  ["/lifecycle", "Lifecycle"], ["/adoption", "Feature adoption"], ["/churn", "Churn"],
  ["/clv", "Lifetime value"], ["/sentiment", "Sentiment"], ["/segments", "Segments"],
  ["/persons", "Persons"], ["/saved", "Saved"],
];
WL.COMING = [];
// the part of the state every page shares: a link to another page keeps it
WL.SHARED = ["from", "to", "where", "segment"];

const _fmt = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });
WL.num = (x) => (x == null ? "—" : _fmt.format(x));
WL.pct = (x) => (x == null ? "—" : _fmt.format(100 * x) + "%");
WL.secs = (s) => (s == null ? "—" : s < 90 ? _fmt.format(s) + " s"
  : s < 5400 ? _fmt.format(s / 60) + " min" : s < 172800 ? _fmt.format(s / 3600) + " h"
  : _fmt.format(s / 86400) + " d");
WL.day = (d) => (d == null ? "—" : String(d).replace("T00:00:00", "").replace("T", " ").slice(0, 19));

WL.sharedQuery = function () {
  const now = new URLSearchParams(location.search);
  const kept = new URLSearchParams();
  for (const key of WL.SHARED) for (const value of now.getAll(key)) kept.append(key, value);
  return kept.toString();
};

WL.nav = function () {
  const header = document.querySelector("header");
  header.replaceChildren();
  const brand = document.createElement("a");
  brand.className = "brand"; brand.href = "/"; brand.textContent = "whylens";
  const nav = document.createElement("nav");
  const shared = WL.sharedQuery();
  for (const [href, label] of WL.PAGES) {
    const a = document.createElement("a");
    a.href = href + (shared ? "?" + shared : "");
    a.textContent = label;
    if (location.pathname === href) a.setAttribute("aria-current", "page");
    nav.appendChild(a);
  }
  for (const label of WL.COMING) {
    const span = document.createElement("span");
    span.className = "coming"; span.textContent = label; span.title = "coming soon";
    nav.appendChild(span);
  }
  const api = document.createElement("a");
  api.href = "/docs"; api.textContent = "API";
  nav.appendChild(api);
  header.append(brand, nav);
  WL.banner();
};

WL.api = async function (path, params, options) {
  const response = await WL.request(path, params, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = Array.isArray(body.detail)
      ? body.detail.map((d) => (d.loc || []).slice(1).join(".") + ": " + d.msg).join("; ")
      : body.detail;
    throw new Error(detail || "HTTP " + response.status);
  }
  return body;
};

WL.el = function (tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c != null));
  return node;
};

// columns: [key, label, format] with format one of num, pct, secs, day, link:PREFIX or none
WL.cell = function (value, format) {
  if (format === "num") return WL.num(value);
  if (format === "pct") return WL.pct(value);
  if (format === "secs") return WL.secs(value);
  if (format === "day") return WL.day(value);
  if (value != null && typeof value === "object") return JSON.stringify(value);
  return value == null ? "—" : String(value);
};

WL.table = function (title, rows, columns, filename) {
  const table = WL.el("table");
  const head = table.createTHead().insertRow();
  for (const [, label, format] of columns) {
    head.appendChild(WL.el("th", { text: label, class: WL.numeric(format) ? "num" : "" }));
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const [key, , format] of columns) {
      const td = tr.insertCell();
      if (format && format.startsWith("link:")) {
        td.appendChild(WL.el("a", { href: format.slice(5) + encodeURIComponent(row[key]), text: row[key] }));
      } else {
        td.textContent = WL.cell(row[key], format);
        if (WL.numeric(format)) td.className = "num";
      }
    }
  }
  const csv = WL.el("button", { type: "button", class: "csv", text: "CSV",
    onclick: () => WL.download(rows, columns, filename || title) });
  const heading = WL.el("div", { class: "panel-head" }, WL.el("h2", { text: title }), csv);
  return WL.el("section", { class: "panel" }, heading, WL.el("div", { class: "scroll" }, table));
};

WL.numeric = (format) => ["num", "pct", "secs"].includes(format);

WL.download = function (rows, columns, name) {
  const quote = (v) => {
    const text = v == null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n]/.test(text) ? '"' + text.replaceAll('"', '""') + '"' : text;
  };
  const lines = [columns.map((c) => quote(c[0])).join(",")];
  for (const row of rows) lines.push(columns.map((c) => quote(row[c[0]])).join(","));
  const blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv" });
  const link = WL.el("a", { href: URL.createObjectURL(blob),
    download: String(name).toLowerCase().replace(/[^a-z0-9]+/g, "-") + ".csv" });
  document.body.appendChild(link);
  link.click();
  link.remove();
};

WL.card = (label, value, note) => WL.el("div", { class: "card" },
  WL.el("div", { class: "label", text: label }), WL.el("div", { class: "value", text: value }),
  note ? WL.el("div", { class: "note", text: note }) : null);

WL.cards = (box, cards) => box.appendChild(WL.el("section", { class: "cards" }, ...cards));

WL.layout = function (extra) {
  const css = getComputedStyle(document.documentElement);
  const text = css.getPropertyValue("--text").trim();
  const line = css.getPropertyValue("--line").trim();
  const base = {
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", font: { color: text },
    margin: { l: 50, r: 20, t: 10, b: 40 }, legend: { orientation: "h", y: -0.2 },
    xaxis: { gridcolor: line, automargin: true },
    yaxis: { gridcolor: line, rangemode: "tozero", automargin: true },
  };
  const more = extra || {};  // axes are merged, so a chart's axis options keep the theme's grid
  return Object.assign(base, more, { xaxis: { ...base.xaxis, ...more.xaxis },
    yaxis: { ...base.yaxis, ...more.yaxis } });
};

WL.plot = function (container, traces, layout, height) {
  const div = WL.el("div", { class: "chart" });
  if (height) div.style.height = height + "px";
  container.appendChild(WL.el("section", { class: "panel" }, div));
  Plotly.newPlot(div, traces, WL.layout(layout), { responsive: true, displaylogo: false });
  return div;
};

// tells a reader (and the browser tests) that the page has drawn what it first asked for
WL.ready = () => { document.documentElement.dataset.ready = "1"; };

WL.showError = function (error) {
  const el = document.getElementById("error");
  el.hidden = !error;
  el.textContent = error ? String(error.message || error) : "";
};

// Access: a demo-mode server answers without a key (a banner says so); otherwise the dashboard
// asks once for a read key, keeps it in this browser and sends it with every /api call.
WL.KEY_STORE = "whylens.readKey";
WL.readKey = () => { try { return localStorage.getItem(WL.KEY_STORE) || ""; } catch { return ""; } };

// Without a stored key, the page already holds the server's answer (`data-access`, written as it
// served the page): its first calls then wait for no /api/access round trip.
WL.servedAccess = function () {
  try { return JSON.parse(document.documentElement.dataset.access || "null"); } catch { return null; }
};

WL.access = function () {
  if (!WL._access) {
    const key = WL.readKey();
    const served = key ? null : WL.servedAccess();
    WL._access = served ? Promise.resolve(served)
      : fetch("/api/access", { headers: key ? { Authorization: "Bearer " + key } : {} })
        .then((r) => r.json()).catch(() => ({ demo: false, project: null, key: false }));
  }
  return WL._access;
};

WL.request = async function (path, params, options) {
  const access = await WL.access();
  if (!access.project) {
    throw new Error(WL.readKey() ? "The read key was refused: enter another one above."
      : "This server needs a read key: enter it above.");
  }
  const headers = new Headers((options && options.headers) || {});
  if (WL.readKey()) headers.set("Authorization", "Bearer " + WL.readKey());
  const response = await fetch(path + (params ? "?" + params.toString() : ""), { ...options, headers });
  if (response.status === 401) {
    WL._access = Promise.resolve({ demo: false, project: null, key: false });
    WL.banner(true);
  }
  return response;
};

// a file the API writes (CSV), saved under `name` (fetched with the key, so no plain link)
WL.fetchFile = async function (path, params, name) {
  const response = await WL.request(path, params);
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.detail || "HTTP " + response.status);
  }
  const link = WL.el("a", { href: URL.createObjectURL(await response.blob()), download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
};

WL.banner = async function (redraw) {
  let box = document.getElementById("access");
  if (box && !redraw) return;
  if (!box) {
    box = WL.el("div", { id: "access", class: "access", role: "status" });
    document.querySelector("header").after(box);
  }
  const access = await WL.access();
  box.replaceChildren();
  box.hidden = false;
  if (access.demo && !WL.readKey()) {
    box.className = "access demo";
    box.append(WL.el("strong", { text: "Demo mode" }), " — this server checks no keys and"
      + " answers only on this machine. Serve without --demo to require read keys.");
  } else if (access.project) {
    box.className = "access ok";
    box.append("Project ", WL.el("strong", { text: access.project }), " · ",
      WL.el("button", { type: "button", class: "link", text: "change key", onclick: WL.askKey }));
  } else {
    WL.askKey();
  }
};

WL.askKey = function () {
  const box = document.getElementById("access");
  const refused = WL.readKey() !== "";
  const input = WL.el("input", { type: "password", name: "read-key", autocomplete: "off",
    placeholder: "read key", "aria-label": "read key" });
  const form = WL.el("form", { class: "key-form" }, WL.el("span", { text: refused
    ? "The server refused this read key (unknown, deleted, or a write key). Enter a read key:"
    : "This server needs a read key (`whylens project create NAME` makes one):" }),
  input, WL.el("button", { type: "submit", class: "primary", text: "Use key" }),
  refused ? WL.el("button", { type: "button", text: "Forget the key", onclick: () => {
    try { localStorage.removeItem(WL.KEY_STORE); } catch { /* private mode */ }
    location.reload();
  } }) : null);
  form.onsubmit = (event) => {
    event.preventDefault();
    try { localStorage.setItem(WL.KEY_STORE, input.value.trim()); } catch { /* private mode */ }
    location.reload();
  };
  box.className = "access " + (refused ? "refused" : "ask");
  box.replaceChildren(form);
  input.focus();
};
