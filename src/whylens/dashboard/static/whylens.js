// whylens browser snippet (docs/ingestion.md): page views, clicks and your own events, batched to
// the server's PostHog-format /batch. No dependencies; it never throws into the page.
(() => {
  "use strict";
  if (window.whylens) return;
  const SESSION_MS = 30 * 60 * 1000; // a session ends after 30 minutes without an event
  const BATCH = 20, KEEP = 100; // events per request; at most held while the server is away
  const CLICKABLE = "a, button, input[type=submit], input[type=button]";
  const safe = (fn) => (...args) => { try { return fn(...args); } catch (e) { /* not the page's */ } };
  const script = document.currentScript || {};
  const key = script.dataset && script.dataset.key;
  const host = safe(() => (script.dataset.host || new URL(script.src).origin).replace(/\/+$/, ""))();

  // localStorage, else a first-party cookie (storage blocked), else this page's memory
  const local = safe(() => {
    localStorage.setItem("whylens_t", "1");
    localStorage.removeItem("whylens_t");
    return localStorage;
  })();
  const memory = {};
  const cookie = (name, value, age) => {
    document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${age}; SameSite=Lax`;
  };
  const store = {
    get: safe((name) => {
      if (local) return local.getItem(name);
      const found = document.cookie.match(new RegExp(`(?:^|; )${name}=([^;]*)`));
      return found ? decodeURIComponent(found[1]) : memory[name] || null;
    }),
    set: safe((name, value) => {
      memory[name] = value;
      local ? local.setItem(name, value) : cookie(name, value, 31536000);
    }),
    remove: safe((name) => {
      delete memory[name];
      local ? local.removeItem(name) : cookie(name, "", 0);
    }),
  };

  const uuid = () => {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; // version 4
    b[8] = (b[8] & 63) | 128; // RFC 4122 variant
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const anonymousId = () => {
    let id = store.get("whylens_anon");
    if (!id) store.set("whylens_anon", (id = uuid()));
    return id;
  };
  // read and touched at every event, so that the tabs of a site share their session
  const sessionId = () => {
    let s = safe(() => JSON.parse(store.get("whylens_session")))();
    const now = Date.now();
    if (!s || !s.id || !(now - s.last < SESSION_MS)) s = { id: uuid() };
    s.last = now;
    store.set("whylens_session", JSON.stringify(s));
    return s.id;
  };

  const context = () => {
    const props = {
      $current_url: location.href, title: document.title, $raw_user_agent: navigator.userAgent,
      $screen_width: screen.width, $screen_height: screen.height, $locale: navigator.language,
      $lib: "whylens-js", $lib_version: "0.1.0",
    };
    if (document.referrer) props.$referrer = document.referrer;
    for (const [name, value] of new URLSearchParams(location.search)) {
      if (name.startsWith("utm_") && value) props[name] = value;
    }
    return props;
  };

  let queue = [], timer = null, delay = 1000;
  const later = () => { if (!timer) timer = setTimeout(flush, delay); };
  const capture = (event, properties, extra) => {
    if (!key || !host) return;
    const user = store.get("whylens_user");
    const own = properties && typeof properties === "object" ? properties : {};
    const props = { ...context(), ...own, $session_id: sessionId(), $is_identified: !!user, ...extra };
    queue.push({
      event, uuid: uuid(), timestamp: new Date().toISOString(), distinct_id: user || anonymousId(),
      properties: JSON.parse(JSON.stringify(props)), // a copy now; a cycle fails here, not in flush
    });
    queue.length >= BATCH ? flush() : later();
  };

  const send = (batch, hidden) => {
    const body = JSON.stringify({ api_key: key, sent_at: new Date().toISOString(), batch });
    const url = host + "/batch";
    // a string body goes as text/plain: no CORS preflight, which a closing page cannot wait for
    if (hidden && navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
    const retry = () => { // the uuids let the server drop what it had stored already
      queue = batch.concat(queue).slice(0, KEEP);
      delay = Math.min(delay * 2, 30000);
      later();
    };
    const headers = { "Content-Type": "text/plain" };
    fetch(url, { method: "POST", body, headers, keepalive: body.length < 60000 })
      .then((r) => (r.status >= 500 || r.status === 429 ? retry() : (delay = 1000)))
      .catch(retry);
  };
  const flush = safe((hidden) => {
    clearTimeout(timer);
    timer = null;
    while (queue.length) send(queue.splice(0, BATCH), hidden === true);
  });

  let shown = null;
  const page = (properties) => { shown = location.href; capture("$pageview", properties); };
  const navigated = safe(() => { if (location.href !== shown) page(); });

  const selector = (el) => { // up to three levels, stopping at an id
    const parts = [];
    for (let n = el; n && n.nodeType === 1 && n !== document.body && parts.length < 3; n = n.parentElement) {
      if (n.id) { parts.unshift(`${n.localName}#${CSS.escape(n.id)}`); break; }
      let part = n.localName + [...n.classList].slice(0, 2).map((c) => "." + CSS.escape(c)).join("");
      const same = [...(n.parentElement ? n.parentElement.children : [])]
        .filter((c) => c.localName === n.localName);
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(n) + 1})`;
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const clicked = safe((e) => {
    const el = e.target instanceof Element && e.target.closest(CLICKABLE);
    if (!el) return;
    const text = el.localName === "input" ? el.value : el.innerText || el.getAttribute("aria-label") || "";
    const props = { $el_tag: el.localName, $el_text: text.trim().replace(/\s+/g, " ").slice(0, 100) };
    props.$el_selector = selector(el);
    if (el.href) props.$el_href = el.href;
    capture("$click", props);
  });

  window.whylens = {
    track: safe((event, properties) => event && capture(String(event), properties)),
    page: safe(page),
    identify: safe((userId, traits) => {
      if (userId === undefined || userId === null || userId === "") return;
      const previous = store.get("whylens_user"), set = traits ? { $set: traits } : {};
      if (previous === String(userId)) return traits && capture("$set", {}, set); // linked already
      if (previous) store.remove("whylens_anon"); // another person: not this visitor's history
      const anonymous = anonymousId();
      store.set("whylens_user", String(userId));
      capture("$identify", {}, { $anon_distinct_id: anonymous, ...set });
    }),
    reset: safe(() => ["whylens_user", "whylens_anon", "whylens_session"].forEach((n) => store.remove(n))),
    flush: () => flush(),
  };

  if (!key || !host) return void console.warn("whylens: the script tag needs a data-key");
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    history[name] = function (...args) {
      const result = original.apply(this, args);
      navigated();
      return result;
    };
  }
  addEventListener("popstate", navigated);
  addEventListener("hashchange", navigated);
  addEventListener("click", clicked, true);
  addEventListener("pagehide", () => flush(true));
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush(true));
  safe(page)();
})();
