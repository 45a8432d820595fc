// The query builder: a form drawn from a list of fields named as the API's query parameters,
// so the page's URL, the form and the API call are one and the same state.
"use strict";

// fields every analysis shares: the date range, property filters and a saved segment
WL.COMMON_FIELDS = [
  { name: "from", label: "From", type: "date" },
  { name: "to", label: "To", type: "date" },
  { name: "segment", label: "Segment", type: "segment" },
  { name: "where", label: "Filters", type: "multi", placeholder: "utm_source = google" },
];

WL.segmentNames = async function () {
  if (!WL._segments) WL._segments = WL.api("/api/segments").then((all) => all.map((s) => s.name));
  return WL._segments;
};

// the segment picker: every person, or a saved segment (the list arrives after the page)
function _segment(field, value) {
  const select = WL.el("select", { name: field.name },
    WL.el("option", { value: "", text: "all persons" }));
  if (value) select.appendChild(WL.el("option", { value, text: value }));
  select.value = value || "";
  WL.segmentNames().then((names) => {
    for (const name of names.filter((n) => n !== value)) {
      select.appendChild(WL.el("option", { value: name, text: name }));
    }
  }).catch(() => {});
  return select;
}

WL.eventNames = async function () {
  if (!WL._events) WL._events = WL.api("/api/info").then((i) => Object.keys(i.event_names));
  return WL._events;
};

function _input(field, value) {
  const type = field.type === "event" ? "text" : field.type === "multi" ? "text" : field.type;
  const attrs = { name: field.name, type, placeholder: field.placeholder || "" };
  if (field.type === "event" || field.of === "event") attrs.list = "event-names";
  if (field.min != null) attrs.min = field.min;
  if (field.max != null) attrs.max = field.max;
  const input = WL.el("input", attrs);
  input.value = value == null ? "" : value;
  return input;
}

function _multi(field, values) {
  const list = WL.el("div", { class: "multi", "data-name": field.name });
  const add = (value) => {
    const row = WL.el("div", { class: "multi-row" }, _input(field, value),
      WL.el("button", { type: "button", class: "remove", title: "remove", text: "×",
        onclick: () => row.remove() }));
    list.insertBefore(row, plus);
    return row;
  };
  const plus = WL.el("button", { type: "button", class: "add", text: "+ " + (field.item || "add"),
    onclick: () => add("").querySelector("input").focus() });
  list.appendChild(plus);
  for (const value of values) add(value);
  return list;
}

function _control(field, params) {
  // a link's parameters are the whole view: a box or a choice it leaves out is off, not its default
  const off = params.size && (field.type === "check" || field.type === "select");
  const values = params.has(field.name) ? params.getAll(field.name) : off ? [] : [].concat(field.default ?? []);
  if (field.type === "multi") return _multi(field, values);
  if (field.type === "segment") return _segment(field, values[0]);
  if (field.type === "check") {
    const box = WL.el("input", { type: "checkbox", name: field.name });
    box.checked = values[0] === "true" || values[0] === true;
    return box;
  }
  if (field.type === "select") {
    const select = WL.el("select", { name: field.name });
    for (const option of field.options) {
      const [value, label] = Array.isArray(option) ? option : [option, option];
      select.appendChild(WL.el("option", { value, text: label }));
    }
    select.value = values[0] ?? [].concat(field.options[0])[0];
    return select;
  }
  return _input(field, values[0]);
}

WL.builder = function (form, fields, params, onRun) {
  form.replaceChildren();
  for (const field of fields) {
    const label = WL.el("label", { class: "field field-" + field.type },
      WL.el("span", { text: field.label }), _control(field, params));
    form.appendChild(label);
  }
  form.appendChild(WL.el("div", { class: "actions" },
    WL.el("button", { type: "submit", class: "primary", id: "run", text: "Run" })));
  form.onsubmit = (event) => { event.preventDefault(); onRun(WL.formParams(form, fields)); };
  WL.eventNames().then((names) => {
    let list = document.getElementById("event-names");
    if (!list) document.body.appendChild(list = WL.el("datalist", { id: "event-names" }));
    list.replaceChildren(...names.map((n) => WL.el("option", { value: n })));
  }).catch(() => {});
};

WL.formParams = function (form, fields) {
  const params = new URLSearchParams();
  for (const field of fields) {
    if (field.type === "multi") {
      for (const input of form.querySelectorAll(`.multi[data-name="${field.name}"] input`)) {
        if (input.value.trim()) params.append(field.name, input.value.trim());
      }
    } else if (field.type === "check") {
      if (form.elements[field.name].checked) params.set(field.name, "true");
    } else {
      const value = form.elements[field.name].value.trim();
      if (value !== "") params.set(field.name, value);
    }
  }
  return params;
};
