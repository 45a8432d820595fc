/* whylens browser snippet: page views, clicks and your own events, sent in batches to a whylens
   server's PostHog-format /batch endpoint (docs/ingestion.md). No dependencies; it never throws
   into the page. <script src="HOST/whylens.js" data-key="WRITE_KEY" data-host="HOST"></script> */
(() => {
  "use strict";
  if (window.whylens) return;
  const VERSION = "0.1.0";
  const SESSION_MS = 30 * 60 * 1000; // a session ends after 30 minutes without an event
  const FLUSH_MS = 1000;
  const BATCH = 20;
  const KEEP = 100; // events held while the server cannot be reached
  const safe = (fn) => (...args) => { try { return fn(...args); } catch (e) { /* not the page's problem */ } };
  const script = document.currentScript || {};
  const key = script.dataset && script.dataset.key;
  const host = safe(() => (script.dataset.host || new URL(script.src).origin).replace(/\/+$/, ""))();

  // localStorage, else a first-party cookie, else memory (storage blocked)
  const memory = {};
  const store = {
    get(name) {
      try { return localStorage.getItem(name); } catch (e) { /* blocked */ }
      const found = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
      return found ? decodeURIComponent(found[1]) : memory[name] || null;
    },
    set(name, value) {
      memory[name] = value;
      try { return localStorage.setItem(name, value); } catch (e) { /* blocked */ }
      document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; SameSite=Lax`;
    },
    remove(name) {
      delete memory[name];
      try { localStorage.removeItem(name); } catch (e) { /* blocked */ }
      document.cookie = `${name}=; path=/; max-age=0`;
    },
  };

  const uuid = () => {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; // version 4
    b[8] = (b[8] & 63) | 128; // RFC 4122 variant
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const anonymousId = () => store.get("whylens_anon") || (store.set("whylens_anon", uuid()), store.get("whylens_anon"));

  // read and touched on every event, so that tabs of one site share their session
  const sessionId = () => {
    let session = null;
    try { session = JSON.parse(store.get("whylens_session")); } catch (e) { /* corrupt: new one */ }
    const now = Date.now();
    if (!session || !session.id || !(now - session.last < SESSION_MS)) session = { id: uuid() };
    session.last = now;
    store.set("whylens_session", JSON.stringify(session));
    return session.id;
  };

  const context = () => {
    const props = {
      $current_url: location.href,
      $host: location.host,
      $pathname: location.pathname,
      title: document.title,
      $screen_width: screen.width,
      $screen_height: screen.height,
      $viewport_width: innerWidth,
      $viewport_height: innerHeight,
      $raw_user_agent: navigator.userAgent,
      $locale: navigator.language,
      $timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      $lib: "whylens-js",
      $lib_version: VERSION,
    };
    if (document.referrer) props.$referrer = document.referrer;
    new URLSearchParams(location.search).forEach((value, name) => {
      if (name.startsWith("utm_") && value) props[name] = value;
    });
    return props;
  };

  let queue = [];
  let timer = null;
  let delay = FLUSH_MS;

  const capture = (event, properties, extra) => {
    if (!key || !host) return;
    const user = store.get("whylens_user");
    const own = properties && typeof properties === "object" ? properties : {};
    queue.push({
      event,
      uuid: uuid(),
      timestamp: new Date().toISOString(),
      distinct_id: user || anonymousId(),
      // a copy as JSON now: later changes to the caller's objects do not leak in, cycles fail here
      properties: JSON.parse(JSON.stringify({ ...context(), ...own, $session_id: sessionId(), $is_identified: !!user, ...extra })),
    });
    if (queue.length >= BATCH) flush();
    else if (!timer) timer = setTimeout(flush, delay);
  };

  const send = (batch, hidden) => {
    const body = JSON.stringify({ api_key: key, sent_at: new Date().toISOString(), batch });
    const url = host + "/batch";
    // a string body goes as text/plain: no CORS preflight, which a closing page could not wait for
    if (hidden && navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
    const retry = () => {
      queue = batch.concat(queue).slice(0, KEEP); // the server drops repeats by uuid
      delay = Math.min(delay * 2, 30000);
      if (!timer) timer = setTimeout(flush, delay);
    };
    fetch(url, { method: "POST", body, keepalive: body.length < 60000, headers: { "Content-Type": "text/plain" } })
      .then((r) => { if (r.status >= 500 || r.status === 429) retry(); else delay = FLUSH_MS; })
      .catch(retry);
  };

  const flush = safe((hidden) => {
    clearTimeout(timer);
    timer = null;
    while (queue.length) send(queue.splice(0, BATCH), hidden === true);
  });

  let lastUrl = null;
  const page = (properties) => {
    lastUrl = location.href;
    capture("$pageview", properties);
  };
  const changed = safe(() => { if (location.href !== lastUrl) page(); });

  // a short CSS selector: up to three levels, stopping at an id
  const selector = (el) => {
    const parts = [];
    for (let n = el; n && n.nodeType === 1 && n !== document.body && parts.length < 3; n = n.parentElement) {
      if (n.id) { parts.unshift(`${n.localName}#${CSS.escape(n.id)}`); break; }
      let part = n.localName + [...n.classList].slice(0, 2).map((c) => "." + CSS.escape(c)).join("");
      const same = n.parentElement ? [...n.parentElement.children].filter((c) => c.localName === n.localName) : [];
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(n) + 1})`;
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const clicked = safe((e) => {
    const el = e.target instanceof Element && e.target.closest("a, button, input[type=submit], input[type=button]");
    if (!el) return;
    const text = (el.localName === "input" ? el.value : el.innerText || el.getAttribute("aria-label") || "");
    const props = { $el_tag: el.localName, $el_text: text.trim().replace(/\s+/g, " ").slice(0, 100), $el_selector: selector(el) };
    if (el.href) props.$el_href = el.href;
    capture("$click", props);
  });

  window.whylens = {
    track: safe((event, properties) => event && capture(String(event), properties)),
    page: safe(page),
    identify: safe((userId, traits) => {
      if (userId === undefined || userId === null || userId === "") return;
      const previous = store.get("whylens_user");
      if (previous && previous !== String(userId)) store.set("whylens_anon", uuid()); // another person
      const anonymous = anonymousId();
      store.set("whylens_user", String(userId));
      capture("$identify", {}, { $anon_distinct_id: anonymous, ...(traits ? { $set: traits } : {}) });
    }),
    reset: safe(() => {
      ["whylens_user", "whylens_anon", "whylens_session"].forEach(store.remove);
    }),
    flush: () => flush(),
  };

  if (!key || !host) return void console.warn("whylens: the script tag needs data-key (and src or data-host)");
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    history[name] = function (...args) {
      const result = original.apply(this, args);
      changed();
      return result;
    };
  }
  addEventListener("popstate", changed);
  addEventListener("hashchange", changed);
  addEventListener("click", clicked, true);
  addEventListener("pagehide", () => flush(true));
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flush(true); });
  safe(page)();
})();
