// The analysis pages (/trends, /funnels, ...): a builder, the chart and tables of /api/<kind>,
// the state in the URL, and saving the view as a named insight.
"use strict";

const INTERVALS = ["day", "week", "month", "hour"];
const PREFERRED_STEPS = ["view_item", "add_to_cart", "begin_checkout", "purchase"];

WL.INSIGHTS = {
  trends: { api: "trends", title: "Trends", fields: [
    { name: "events", label: "Events", type: "multi", of: "event", item: "event", default: ["$pageview"] },
    { name: "interval", label: "Interval", type: "select", options: INTERVALS },
    { name: "measure", label: "Measure", type: "select",
      options: ["total", "persons", "per_person", "dau", "wau", "mau"] },
    { name: "breakdown", label: "Breakdown", type: "text", placeholder: "utm_source" },
    { name: "compare", label: "Compare with previous", type: "check" }] },
  funnels: { api: "funnel", title: "Funnels", fields: [
    { name: "steps", label: "Steps", type: "multi", of: "event", item: "step", default: "steps" },
    { name: "window", label: "Window", type: "text", default: "14d", placeholder: "14d or none" },
    { name: "order", label: "Order", type: "select", options: ["ordered", "strict", "unordered"] },
    { name: "breakdown", label: "Breakdown", type: "text", placeholder: "utm_source" },
    { name: "attribution", label: "Attribution", type: "select",
      options: ["first_touch", "last_touch"] },
    { name: "exclude", label: "Exclusions", type: "multi", item: "exclusion", placeholder: "EVENT:1-2" },
    { name: "trend", label: "Trend by", type: "select", options: [["", "none"], "day", "week", "month"],
      default: "week" },
    { name: "correlation", label: "Correlation", type: "check", default: true }] },
  retention: { api: "retention", title: "Retention", fields: [
    { name: "start", label: "Start event", type: "event", default: "*" },
    { name: "return", label: "Return event", type: "event", default: "*" },
    { name: "period", label: "Period", type: "select", options: ["week", "day", "month"] },
    { name: "periods", label: "Periods", type: "number", default: 8, min: 1, max: 100 },
    { name: "breakdown", label: "Breakdown", type: "text" },
    { name: "recurring", label: "Recurring cohorts", type: "check" },
    { name: "unbounded", label: "On or after", type: "check" }] },
  paths: { api: "paths", title: "Paths", fields: [
    { name: "start", label: "After event", type: "event", placeholder: "signup" },
    { name: "end", label: "Before event", type: "event" },
    { name: "depth", label: "Depth", type: "number", default: 4, min: 1, max: 50 },
    { name: "top", label: "Nodes per step", type: "number", default: 8, min: 1, max: 100 },
    { name: "collapse", label: "Collapse repeats", type: "check" },
    { name: "pageviews", label: "Page views only", type: "check" },
    { name: "by_session", label: "Within sessions", type: "check" }] },
  sessions: { api: "sessions", title: "Sessions & web", fields: [
    { name: "interval", label: "Interval", type: "select", options: INTERVALS },
    { name: "bounce_rule", label: "Bounce rule", type: "select", options: ["posthog", "plausible", "ga4"] },
    { name: "breakdown", label: "Breakdown", type: "select", options: [["", "none"], "utm_source",
      "utm_medium", "utm_campaign", "referring_domain", "device_type", "browser", "os", "country",
      "entry_path"] },
    { name: "top", label: "Rows per table", type: "number", default: 10, min: 1, max: 1000 }] },
  stickiness: { api: "stickiness", title: "Stickiness", fields: [
    { name: "event", label: "Event", type: "event", default: "*" },
    { name: "period", label: "Period", type: "select", options: ["week", "month"] }] },
  lifecycle: { api: "lifecycle", title: "Lifecycle", fields: [
    { name: "event", label: "Event", type: "event", default: "*" },
    { name: "interval", label: "Interval", type: "select", options: ["week", "day", "month"] }] },
  adoption: { api: "adoption", title: "Feature adoption", fields: [
    { name: "features", label: "Features", type: "multi", of: "event", item: "feature", default: "features" },
    { name: "active", label: "Active means", type: "event", default: "*" },
    { name: "weeks_retained", label: "Weeks retained", type: "number", default: 4, min: 1, max: 52 },
    { name: "interval", label: "Trend interval", type: "select", options: ["week", "day", "month"] }] },
  churn: { api: "churn", title: "Churn risk", load: (params, box) => WL.loadChurn(params, box), fields: [
    { name: "inactive", label: "Churned after", type: "text", default: "30d", placeholder: "30d" },
    { name: "cancel_event", label: "Cancel event", type: "event", default: "cancel_subscription" },
    { name: "top", label: "Persons listed", type: "number", default: 100, min: 1, max: 10000 }] },
  clv: { api: "clv", title: "Lifetime value", fields: [
    { name: "purchase_event", label: "Purchase event", type: "event", default: "purchase" },
    { name: "value_property", label: "Value property", type: "text", placeholder: "revenue" },
    { name: "until", label: "Calibration until", type: "date" },
    { name: "unit", label: "Unit", type: "select", options: ["day", "week"] },
    { name: "horizon", label: "Horizon", type: "text", default: "39w", placeholder: "39w" },
    { name: "top", label: "Persons listed", type: "number", default: 100, min: 1, max: 10000 }] },
};

// defaults that depend on the data: funnel steps and feature events the project has
const DATA_DEFAULTS = ["steps", "features"];
const fromData = (f) => typeof f.default === "string" && DATA_DEFAULTS.includes(f.default);

async function dataDefaults(fields) {
  // a page without such defaults asks for its analysis at once, beside the event names
  if (!fields.some(fromData)) return fields;
  const names = await WL.eventNames().catch(() => []);
  const steps = PREFERRED_STEPS.filter((n) => names.includes(n));
  const others = names.filter((n) => !n.startsWith("$"));
  const features = names.filter((n) => n.startsWith("use_"));
  const found = { steps: steps.length >= 2 ? steps : others.slice(0, 3),
    features: features.length ? features : others.slice(0, 3) };
  return fields.map((f) => (fromData(f) ? { ...f, default: found[f.default] } : f));
}

async function run(page, params, push) {
  if (push) history.pushState(null, "", location.pathname + (params.size ? "?" + params : ""));
  WL.nav();
  const box = document.getElementById("result");
  WL.showError(null);
  box.setAttribute("aria-busy", "true");
  try {
    const doc = await (page.load ? page.load(params, box) : WL.api("/api/" + page.api, params));
    box.replaceChildren();
    const onDropped = (step) => {
      const again = new URLSearchParams(params);
      again.set("dropped_at", step);
      run(page, again, true);
    };
    WL.draw[page.api](doc, box, false, onDropped, params);
    if (page.api === "funnel") box.querySelector(".panel:has(table)")?.scrollIntoView({ block: "nearest" });
  } catch (error) {
    box.replaceChildren();
    WL.showError(error);
  } finally {
    box.setAttribute("aria-busy", "false");
  }
}

async function save(page, form, fields) {
  const name = document.getElementById("save-name").value.trim() || page.title;
  const options = {};
  for (const [key, value] of WL.formParams(form, fields)) {
    const many = fields.find((f) => f.name === key)?.type === "multi";
    options[key] = many ? [...(options[key] || []), value] : value;
  }
  const saved = await WL.api("/api/insights", null, { method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, kind: page.api, options }) });
  const note = document.getElementById("save-note");
  note.replaceChildren("Saved as “" + saved.name + "” — ", WL.el("a", { href: "/saved", text: "saved insights" }));
}

async function main() {
  const key = location.pathname.replace(/^\/|\/$/g, "");
  const page = WL.INSIGHTS[key];
  WL.nav();
  document.title = "whylens — " + page.title;
  document.getElementById("title").textContent = page.title;
  const fields = [...(await dataDefaults(page.fields)), ...WL.COMMON_FIELDS];
  const form = document.getElementById("builder");
  const params = new URLSearchParams(location.search);
  WL.builder(form, fields, params, (next) => run(page, next, true));
  document.getElementById("save").onclick = () => save(page, form, fields).catch(WL.showError);
  window.onpopstate = () => location.reload();
  // the view a link names, or the defaults; the URL then shows the state
  const initial = params.size ? params : WL.formParams(form, fields);
  await run(page, initial, false);
  if (!params.size) history.replaceState(null, "", location.pathname + "?" + initial);
  WL.nav();
}

main().catch(WL.showError).finally(WL.ready);
