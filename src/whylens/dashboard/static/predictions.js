// The prediction pages' drawings: churn (how good the model is on the held-out period, what
// drives it, who is at risk and why) and lifetime value (BG/NBD and Gamma-Gamma per person).
"use strict";

const _date = (iso) => (iso ? String(iso).slice(0, 10) : "—");
const TRAINING_POLL_MS = 700;

// The churn page asks without waiting: while the server trains the model it answers 202 with
// the stage, drawn as a progress bar, and the page asks again until the model is there.
WL.loadChurn = async function (params, box) {
  const asked = new URLSearchParams(params);
  asked.set("wait", "false");
  for (;;) {
    const doc = await WL.api("/api/churn", asked);
    if (doc.status !== "training") return doc;
    box.replaceChildren(_progress(doc, "Training the churn model on this history"));
    await new Promise((resolve) => setTimeout(resolve, TRAINING_POLL_MS));
  }
};

function _progress(status, what) {
  const label = `${what}: step ${status.step} of ${status.steps}, ${status.stage}`
    + ` (${WL.num(status.elapsed_s)} s)`;
  return WL.el("div", { class: "muted training", role: "status" }, WL.el("p", { text: label }),
    WL.el("progress", { max: String(status.steps), value: String(status.step - 1),
      "aria-label": "training progress" }));
}

WL.draw.churn = function (doc, box, compact) {
  const model = doc.model;
  const ev = model.evaluation;
  const deciles = ev.deciles;
  const liftChart = (into, height) => WL.plot(into, [
    { type: "bar", name: "lift", x: deciles.map((d) => d.decile), y: deciles.map((d) => d.lift),
      hovertemplate: "decile %{x}: lift %{y:.2f}<extra></extra>" },
    { type: "scatter", name: "share of churners captured", x: deciles.map((d) => d.decile),
      y: deciles.map((d) => d.cumulative_capture), yaxis: "y2", mode: "lines+markers" },
  ], { xaxis: { title: { text: "score decile (1 = highest risk)" }, dtick: 1 },
    yaxis: { title: { text: "lift" } },
    yaxis2: { overlaying: "y", side: "right", tickformat: ".0%", range: [0, 1.05], showgrid: false,
      tickmode: "linear", tick0: 0, dtick: 0.25 }, legend: { orientation: "h", y: 1.18 } },
  height);
  if (compact) {
    liftChart(box, 220);
    return;
  }
  if (doc.training) box.appendChild(_progress(doc.training, "A newer model is training on the latest"
    + " data; this view is from the previous one"));
  WL.cards(box, [
    WL.card("Held-out AUC", ev.auc == null ? "—" : ev.auc.toFixed(3), "1.0 ranks perfectly, 0.5 is chance"),
    WL.card(`Precision at top ${WL.num(ev.k)}`, WL.pct(ev.precision_at_k), "of the riskiest, share who churned"),
    WL.card("Churn rate (held out)", WL.pct(ev.churn_rate), WL.num(ev.persons) + " persons checked"),
    WL.card("Scored as of", _date(doc.cutoff), `churned = no event for ${WL.num(doc.inactive_days)} days`),
  ]);
  box.appendChild(WL.el("p", { class: "muted", text: `Trained on the persons active at`
    + ` ${_date(model.train_cutoff)}, checked on those active at ${_date(model.eval_cutoff)} against what`
    + ` they did in the ${WL.num(model.inactive_days)} days after it: the figures above are for a`
    + " period the model never saw." }));
  const list = doc.persons.map((p) => ({ ...p, reason_1: p.reasons[0], reason_2: p.reasons[1],
    reason_3: p.reasons[2] }));
  const riskTable = WL.table(`Persons most at risk (${WL.num(list.length)})`, list, [
    ["person_id", "Person", "link:/persons?id="], ["score", "Risk", "pct"], ["reason_1", "Main reason"],
    ["reason_2", "Second reason"], ["reason_3", "Third reason"],
    ["days_since_last_seen", "Days since seen", "num"], ["sessions_recent", "Sessions, last 4 wk", "num"],
    ["sessions_previous", "Sessions, 4 wk before", "num"], ["key_event", "Key feature"]], "churn-at-risk");
  riskTable.classList.add("at-risk");
  box.appendChild(riskTable);
  box.appendChild(WL.el("h2", { class: "section", text: "Lift and calibration on the held-out period" }));
  const grid = WL.el("div", { class: "grid" });
  box.appendChild(grid);
  const liftBox = WL.el("div");
  const calibrationBox = WL.el("div");
  grid.append(liftBox, calibrationBox);
  liftChart(liftBox, 280);
  WL.plot(calibrationBox, [
    { type: "scatter", mode: "lines", name: "perfect", x: [0, 1], y: [0, 1], line: { dash: "dot", width: 1 } },
    { type: "scatter", mode: "lines+markers", name: "deciles", x: deciles.map((d) => d.predicted),
      y: deciles.map((d) => d.observed), text: deciles.map((d) => "decile " + d.decile),
      hovertemplate: "%{text}: predicted %{x:.0%}, observed %{y:.0%}<extra></extra>" },
  ], { xaxis: { title: { text: "mean predicted risk" }, tickformat: ".0%", range: [0, 1] },
    yaxis: { title: { text: "observed churn" }, tickformat: ".0%", range: [0, 1] },
    legend: { orientation: "h", y: 1.18 } }, 280);
  box.appendChild(WL.table("Calibration and lift by score decile", deciles, [["decile", "Decile"],
    ["persons", "Persons", "num"], ["predicted", "Mean predicted", "pct"], ["observed", "Observed churn", "pct"],
    ["lift", "Lift", "num"], ["cumulative_capture", "Churners captured (cumulative)", "pct"]], "churn-deciles"));
  const drivers = model.drivers.filter((d) => d.importance > 0);
  box.appendChild(WL.el("h2", { class: "section", text: "What drives the risk" }));
  WL.plot(box, [{ type: "bar", orientation: "h", y: drivers.map((d) => d.feature),
    x: drivers.map((d) => d.importance), error_x: { type: "data", array: drivers.map((d) => d.importance_std || 0) },
    hovertemplate: "%{y}: %{x:.3f}<extra></extra>" }],
  { xaxis: { title: { text: "drop in held-out AUC when the feature is shuffled" } },
    yaxis: { autorange: "reversed", automargin: true } }, Math.max(180, 26 * drivers.length + 70));
  box.appendChild(WL.table("Drivers (permutation importance)", model.drivers.map((d) => ({ ...d,
    importance: Number(d.importance.toFixed(4)),
    importance_std: d.importance_std == null ? null : Number(d.importance_std.toFixed(4)) })),
  [["feature", "Feature"], ["importance", "Drop in AUC"], ["importance_std", "± (sd over shuffles)"]],
  "churn-drivers"));
};

WL.draw.clv = function (doc, box, compact) {
  const unit = doc.unit;
  const persons = doc.persons;
  const key = doc.gamma_gamma ? "expected_value" : "expected_purchases";
  WL.plot(box, [{ type: "scatter", mode: "markers", x: persons.map((p) => p.recency),
    y: persons.map((p) => p.frequency), text: persons.map((p) => p.person_id),
    marker: { color: persons.map((p) => p.p_alive), colorscale: "Viridis", cmin: 0, cmax: 1, size: 8,
      showscale: !compact, colorbar: { title: { text: "P(alive)" }, tickformat: ".0%" } },
    hovertemplate: "%{text}: %{y} repeat days, last at %{x}<extra></extra>" }],
  { xaxis: { title: { text: `recency (${unit}s from first to last purchase)` } },
    yaxis: { title: { text: "repeat purchase days" } } },
  compact ? 220 : 320);
  if (compact) return;
  const b = doc.bgnbd;
  WL.cards(box, [WL.card("Customers", WL.num(doc.customers), "with a purchase up to " + _date(doc.until)),
    WL.card("Horizon", doc.horizon, WL.num(doc.horizon_units) + " " + unit + "s after " + _date(doc.until)),
    WL.card("Mean P(alive), listed", WL.pct(mean(persons.map((p) => p.p_alive)))),
    WL.card("Expected " + (doc.gamma_gamma ? "value" : "purchases") + ", listed",
      WL.num(sum(persons.map((p) => p[key]))))]);
  const params = [["BG/NBD", "r", b.r], ["BG/NBD", "alpha", b.alpha], ["BG/NBD", "a", b.a],
    ["BG/NBD", "b", b.b], ["BG/NBD", "log-likelihood", b.log_likelihood]];
  if (doc.gamma_gamma) {
    const g = doc.gamma_gamma;
    params.push(["Gamma-Gamma", "p", g.p], ["Gamma-Gamma", "q", g.q], ["Gamma-Gamma", "v", g.v]);
  }
  const what = doc.gamma_gamma ? "value" : "purchases";
  box.appendChild(WL.table(`Persons by expected ${what} (${WL.num(persons.length)})`,
    persons, [["person_id", "Person", "link:/persons?id="], ["frequency", "Repeat days", "num"],
      ["recency", "Recency", "num"], ["T", "Age (T)", "num"], ["monetary", "Mean spend", "num"],
      ["p_alive", "P(alive)", "pct"], ["expected_purchases", "Expected purchases", "num"],
      ["expected_spend", "Expected spend", "num"], ["expected_value", "Expected value", "num"]], "clv-persons"));
  box.appendChild(WL.table("Fitted parameters (unit: " + unit + ")", params.map(([model, parameter, value]) =>
    ({ model, parameter, value: Number(value.toPrecision(4)) })), [["model", "Model"],
    ["parameter", "Parameter"], ["value", "Value"]], "clv-parameters"));
};

function sum(values) {
  return values.reduce((a, v) => a + (v || 0), 0);
}

function mean(values) {
  return values.length ? sum(values) / values.length : null;
}
