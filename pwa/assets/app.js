"use strict";
// Hadir, the installable check-in app. No framework, no build step.
// Messages come from i18n/<lang>.json only; server errors carry their own
// Indonesian text and are shown as they are. docs/CHECKIN.md describes the
// protocol this file speaks (mirrors internal/device/softphone).
(function () {
  const app = document.getElementById("app"), nav = document.getElementById("nav");
  const UA = navigator.userAgent;
  const IOS = /iPhone|iPad|iPod/.test(UA) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const ANDROID = /Android/.test(UA);
  const standalone = () => matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  let lang = localStorage.getItem("hadir.lang") || "id";
  let t = {}, me = null, dev = null, cur = null, view = "today", busy = false, installEvt = null, curType = "in";
  let result = null; // {cls, lines[]} shown under the button
  let month = new Date().toISOString().slice(0, 7);

  // ---------- small helpers ----------
  function el(tag, attrs, kids) {
    const n = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k.startsWith("on")) n[k] = attrs[k]; else if (attrs[k] !== false && attrs[k] != null) n.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    }
    for (const k of kids || []) if (k != null) n.append(typeof k === "string" ? document.createTextNode(k) : k);
    return n;
  }
  const card = (kids, attrs) => el("section", Object.assign({ class: "card" }, attrs), kids);
  function render(nodes) { app.textContent = ""; for (const n of nodes) if (n) app.append(n); }
  const fmt = (k, v) => (t[k] || k).replace(/\{(\w+)\}/g, (_, x) => (v && v[x] != null ? v[x] : ""));
  const b64u = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
  function unb64u(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(s + "===".slice((s.length + 3) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  }
  function today() { const d = new Date(); return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0"); }
  function uuid7() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    let ms = Date.now();
    for (let i = 5; i >= 0; i--) { b[i] = ms % 256; ms = Math.floor(ms / 256); }
    b[6] = (b[6] & 0x0f) | 0x70; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // ---------- IndexedDB: kv (device key, last event) and the queue ----------
  let dbp;
  function db() {
    return dbp || (dbp = new Promise((res, rej) => {
      const r = indexedDB.open("hadir", 1);
      r.onupgradeneeded = () => { r.result.createObjectStore("kv"); r.result.createObjectStore("q", { keyPath: "idempotency_key" }); };
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    }));
  }
  async function idb(store, mode, fn) {
    const d = await db();
    return new Promise((res, rej) => {
      const tx = d.transaction(store, mode), rq = fn(tx.objectStore(store));
      tx.oncomplete = () => res(rq && rq.result);
      tx.onerror = tx.onabort = () => rej(tx.error);
    });
  }
  const kvGet = (k) => idb("kv", "readonly", (s) => s.get(k));
  const kvPut = (k, v) => idb("kv", "readwrite", (s) => s.put(v, k));
  const qAll = () => idb("q", "readonly", (s) => s.getAll());
  const qPut = (r) => idb("q", "readwrite", (s) => s.put(r));
  const qDel = (k) => idb("q", "readwrite", (s) => s.delete(k));

  // ---------- API ----------
  async function api(method, path, body) {
    const h = { "Accept-Language": lang };
    if (standalone()) h["X-Hadir-Display"] = "standalone";
    if (body) h["Content-Type"] = "application/json";
    const r = await fetch(path, { method, credentials: "same-origin", headers: h, body: body ? JSON.stringify(body) : undefined });
    const j = r.status === 204 ? {} : await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = new Error((j.error && j.error.message) || t["error.generic"]);
      Object.assign(e, j.error || {}, { status: r.status });
      const ra = +r.headers.get("Retry-After"); // seconds; an HTTP date is ignored
      if (ra > 0) e.retryAfter = ra;
      throw e;
    }
    return j;
  }
  const errText = (e) => (e instanceof TypeError ? t["error.network"] : e.message || t["error.generic"]);

  // ---------- WebAuthn and the device key ----------
  function createOpts(o) {
    o = JSON.parse(JSON.stringify(o.publicKey || o));
    o.challenge = unb64u(o.challenge);
    o.user.id = unb64u(o.user.id);
    for (const c of o.excludeCredentials || []) c.id = unb64u(c.id);
    return o;
  }
  function getOpts(o) {
    o = JSON.parse(JSON.stringify(o.publicKey || o));
    o.challenge = unb64u(o.challenge);
    for (const c of o.allowCredentials || []) c.id = unb64u(c.id);
    return o;
  }
  const challengeOf = (o) => (o.publicKey || o).challenge;
  // checkinOpts builds the request options from a bare check-in challenge:
  // the server sends only the challenge to keep each tap small.
  function checkinOpts(ch) {
    const o = { challenge: unb64u(ch.challenge), rpId: location.hostname, userVerification: "required", timeout: 120000 };
    if (dev && dev.credId) o.allowCredentials = [{ type: "public-key", id: unb64u(dev.credId) }];
    return o;
  }
  // credJSON serialises a credential; lean (check-ins) leaves out what the
  // server does not need there: every byte of a tap is the user's quota.
  function credJSON(c, lean) {
    const r = c.response, o = { id: c.id, rawId: b64u(c.rawId), type: c.type, response: { clientDataJSON: b64u(r.clientDataJSON) } };
    if (!lean) {
      o.authenticatorAttachment = c.authenticatorAttachment;
      o.clientExtensionResults = c.getClientExtensionResults ? c.getClientExtensionResults() : {};
    }
    if (r.attestationObject) {
      o.response.attestationObject = b64u(r.attestationObject);
      o.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      o.response.authenticatorData = b64u(r.authenticatorData);
      o.response.signature = b64u(r.signature);
      if (r.userHandle && !lean) o.response.userHandle = b64u(r.userHandle);
    }
    return o;
  }
  async function newDeviceKey() {
    const k = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
    const raw = await crypto.subtle.exportKey("raw", k.publicKey);
    const sum = await crypto.subtle.digest("SHA-256", raw);
    return { priv: k.privateKey, raw: b64(raw), keyId: b64u(sum.slice(0, 16)) };
  }
  async function sign(priv, text) {
    return b64(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, priv, new TextEncoder().encode(text)));
  }
  function label() { return (IOS ? "iPhone" : ANDROID ? "Android" : "Browser") + (standalone() ? " (app)" : ""); }

  // ---------- enrolment and sign-in ----------
  function enrolScreen(msg) {
    const err = el("p", { class: "err", role: "alert" }, [msg || ""]);
    const code = el("input", { id: "code", required: true, autocomplete: "one-time-code", autocapitalize: "characters", spellcheck: "false", inputmode: "text" });
    const form = el("form", {}, [el("label", { for: "code" }, [t["enrol.code"]]), code,
      el("button", { class: "btn", type: "submit", id: "enrol" }, [t["enrol.submit"]]), err]);
    form.onsubmit = async (e) => {
      e.preventDefault();
      if (busy) return;
      busy = true; err.textContent = t["enrol.working"];
      try {
        const c = code.value.trim().toUpperCase().replace(/\s+/g, "");
        const start = await api("POST", "/api/v1/enrol/options", { code: c });
        let cred;
        try { cred = await navigator.credentials.create({ publicKey: createOpts(start.options) }); }
        catch (x) { throw new Error(x.name === "NotAllowedError" ? t["err.uv"] : t["enrol.passkeyFailed"] + " (" + x.name + ")"); }
        const k = await newDeviceKey();
        const res = await api("POST", "/api/v1/enrol", { code: c, credential: credJSON(cred), device_key: k.raw,
          device_sig: await sign(k.priv, "hadir-enrol/v1\n" + challengeOf(start.options)), label: label() });
        dev = { keyId: (res.device && res.device.key_id) || k.keyId, priv: k.priv, raw: k.raw, credId: cred.id, status: (res.device && res.device.status) || "active" };
        await kvPut("device", dev);
        persist();
        busy = false;
        return start0();
      } catch (x) { err.textContent = errText(x); }
      busy = false;
    };
    const login = el("button", { class: "btn sec", type: "button", id: "login" }, [t["login.button"]]);
    login.onclick = passkeyLogin;
    render([card([el("h2", {}, [t["enrol.title"]]), el("p", {}, [t["enrol.body"]]), form]),
      card([el("h2", {}, [t["login.title"]]), el("p", {}, [t["login.body"]]), login, el("p", { class: "mut" }, [t["login.lost"]])])]);
  }

  async function passkeyLogin() {
    if (busy) return;
    busy = true;
    const out = app.querySelector(".err") || {};
    try {
      const o = await api("POST", "/api/v1/auth/passkey/options", {});
      let cred;
      try { cred = await navigator.credentials.get({ publicKey: getOpts(o.options) }); }
      catch (x) { throw new Error(t["login.failed"]); }
      const k = dev && dev.priv ? dev : await newDeviceKey();
      const raw = k.raw;
      const res = await api("POST", "/api/v1/auth/passkey", { credential: credJSON(cred), device_key: raw,
        device_sig: await sign(k.priv, "hadir-login/v1\n" + challengeOf(o.options)), label: label() });
      dev = { keyId: (res.device && res.device.key_id) || k.keyId, priv: k.priv, raw: raw, credId: cred.id, status: (res.device && res.device.status) || "active" };
      await kvPut("device", dev);
      persist();
      busy = false;
      return start0();
    } catch (x) { out.textContent = errText(x); }
    busy = false;
  }
  function persist() { if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {}); }

  // ---------- today: the check-in ----------
  async function prefetch() {
    if (!dev || !me || !navigator.onLine) return;
    try { keep(await api("GET", "/api/v1/checkins/challenge?device_key_id=" + encodeURIComponent(dev.keyId))); } catch (x) { /* the tap fetches again */ }
  }
  // keep holds the prefetched challenge, also in IndexedDB: an offline open
  // can still check in on it while it is valid.
  function keep(c) {
    cur = c;
    kvPut("ch", c).catch(() => {});
  }
  async function nextType() {
    const a = new URLSearchParams(location.search).get("aksi");
    const last = await kvGet("last");
    if (last && last.date === today() && last.at > performance.timeOrigin) return last.type === "in" ? "out" : "in";
    if (a === "pulang") return "out";
    if (a === "masuk") return "in";
    return last && last.date === today() && last.type === "in" ? "out" : "in";
  }
  function position() {
    return new Promise((res, rej) => navigator.geolocation.getCurrentPosition(res, rej, { enableHighAccuracy: true, maximumAge: 0, timeout: 15000 }));
  }
  function geoText(e) {
    if (e.code === 1) return IOS ? t["geo.denied.ios"] : ANDROID ? t["geo.denied.android"] : t["geo.denied"];
    if (e.code === 2) return t["geo.unavailable"];
    return t["geo.timeout"];
  }
  function show(cls, lines) { result = { cls, lines }; todayScreen(); }

  async function tap() {
    if (busy) return;
    busy = true;
    const typ = curType, offline = !navigator.onLine;
    let ch = cur;
    try {
      if (!ch || Date.parse(ch.expires_at) < Date.now() + 5000) {
        if (offline) return show("err", [t["queue.nochallenge"]]);
        ch = await api("GET", "/api/v1/checkins/challenge?device_key_id=" + encodeURIComponent(dev.keyId));
      }
      cur = null;
      let cred;
      try { cred = await navigator.credentials.get({ publicKey: checkinOpts(ch) }); } // first: Safari's gesture rule
      catch (x) { cur = ch; return show("err", [x.name === "NotAllowedError" ? t["err.uv"] : t["error.generic"] + " (" + x.name + ")"]); }
      let p;
      try { p = await position(); } catch (x) { cur = ch; return show("err", [geoText(x)]); }
      const pos = { lat: p.coords.latitude, lon: p.coords.longitude, accuracy_m: p.coords.accuracy, timestamp: Math.round(p.timestamp) };
      kvPut("ch", null).catch(() => {}); // used: a second offline tap must not reuse it
      const req = { type: typ, device_key_id: dev.keyId, challenge: ch.challenge, assertion: credJSON(cred, true), position: pos,
        client_time: new Date().toISOString(), idempotency_key: uuid7(), offline };
      req.device_sig = await sign(dev.priv, ["hadir-checkin/v1", req.challenge, typ, String(pos.lat), String(pos.lon), String(pos.accuracy_m),
        String(pos.timestamp), req.client_time, req.idempotency_key, offline ? "1" : "0"].join("\n"));
      await send(req, false);
    } catch (x) {
      show("err", [errText(x)]);
    } finally {
      busy = false;
      if (!cur) prefetch();
    }
  }

  // send posts one signed request; network errors and 503 keep it queued.
  async function send(req, fromQueue) {
    let res;
    try {
      res = await api("POST", "/api/v1/checkins", req);
    } catch (x) {
      if (x instanceof TypeError || x.status === 429 || x.status >= 502) {
        if (x.detail && x.detail.receipt) req.receipt = x.detail.receipt;
        await qPut(req);
        if (!fromQueue) {
          await kvPut("last", { date: today(), type: req.type, at: Date.now() });
          show("warn", [t["queue.saved"]]);
        }
        schedule(x.retryAfter);
        return false;
      }
      if (fromQueue) await qDel(req.idempotency_key);
      if (x.status === 401 && /verifikasi/i.test(x.message)) throw new Error(t["err.uv"] + " " + x.message);
      throw x;
    }
    if (fromQueue) await qDel(req.idempotency_key);
    await kvPut("last", { date: today(), type: req.type, at: Date.now() });
    if (res.next_challenge && res.next_challenge.challenge) keep(res.next_challenge);
    const lines = [res.status || t["checkin.done"]].concat(res.review || []);
    show(res.review && res.review.length ? "warn" : "ok", lines);
    return true;
  }

  let tries = 0, timer = 0, flushing = false;
  // schedule retries the queue never before the server's Retry-After; the
  // backoff (2 s doubling, at most 5 min) with jitter comes on top of it,
  // so a crowd of phones turned away together does not return together.
  function schedule(after) {
    clearTimeout(timer);
    const d = Math.min(300000, 2000 * 2 ** tries++) * (0.5 + Math.random());
    timer = setTimeout(flush, Math.min(300000, (after || 0) * 1000) + d);
  }
  async function flush() {
    if (flushing || !dev || !me) return;
    const q = await qAll();
    if (!q.length) return;
    flushing = true;
    try {
      for (const r of q) {
        if (!(await send(r, true))) return;
      }
      tries = 0;
    } catch (x) {
      result = { cls: "err", lines: [errText(x)] };
    } finally {
      flushing = false;
      if (view === "today" && !busy) todayScreen();
    }
  }

  // shiftLine is today's shift from the rules engine (GET /me/today), kept
  // from the last answer so the screen also shows it offline.
  let shiftLine = "";
  // The answer is also kept in IndexedDB with its date: an app opened
  // offline shows the same line for the rest of that day.
  async function loadShift() {
    try {
      const d = await api("GET", "/api/v1/me/today?lang=" + lang);
      kvPut("today", { date: today(), d }).catch(() => {});
      showShift(d);
    } catch (x) {
      const c = await kvGet("today").catch(() => null);
      if (c && c.date === today()) showShift(c.d);
    }
  }
  function showShift(d) {
    const hm = (s) => new Date(s).toTimeString().slice(0, 5);
    shiftLine = d.scheduled && d.start ? fmt("today.shift", { start: hm(d.start), end: hm(d.end) })
      : d.holiday ? fmt("today.holiday", { name: d.holiday }) : t["today.off"];
    const e = document.getElementById("shift");
    if (e) e.textContent = shiftLine;
  }
  async function todayScreen() {
    view = "today";
    if (!shiftLine) loadShift();
    const typ = curType = await nextType(), q = await qAll();
    const btn = el("button", { class: "big " + typ, type: "button", id: "tap" }, [t[typ === "in" ? "checkin.in" : "checkin.out"]]);
    btn.onclick = tap;
    const res = result && el("div", { class: "result " + result.cls, id: "result", role: "status" },
      result.lines.map((l, i) => el(i ? "p" : "strong", {}, [l])));
    const send = el("button", { class: "btn sec", type: "button", id: "flush" }, [t["queue.send"]]);
    send.onclick = () => { tries = 0; flush(); };
    render([
      card([el("p", { class: "mut" }, [t["today.hello"]]), el("h2", { id: "name" }, [me.name]),
        el("p", { class: "mut", id: "shift" }, [shiftLine]),
        dev.status === "pending" ? el("p", { class: "warn", id: "pending" }, [t["device.pending"]]) : null,
        btn, res || el("div", { id: "result", role: "status" })]),
      card([el("p", { id: "queue" }, [q.length ? fmt("queue.pending", { n: q.length }) : t["queue.empty"]]), q.length ? send : null]),
    ]);
  }

  // ---------- history ----------
  async function historyScreen() {
    view = "history";
    render([card([el("p", {}, [t["loading"]])])]);
    let d;
    try { d = await api("GET", "/api/v1/employees/" + me.employee_id + "/days?month=" + month + "&lang=" + lang); }
    catch (x) { return render([card([el("p", { class: "err" }, [errText(x)])])]); }
    if (view !== "history") return;
    const [y, m] = month.split("-").map(Number);
    const byDate = {};
    for (const day of d.days || []) byDate[day.date] = day;
    const first = new Date(y, m - 1, 1), n = new Date(y, m, 0).getDate();
    const grid = el("div", { class: "cal", id: "cal" }, (t["cal.weekdays"] || "S,S,R,K,J,S,M").split(",").map((w) => el("b", {}, [w])));
    for (let i = 0; i < (first.getDay() + 6) % 7; i++) grid.append(el("span"));
    const detail = el("div", { id: "daydetail", role: "status" });
    for (let i = 1; i <= n; i++) {
      const date = month + "-" + String(i).padStart(2, "0"), day = byDate[date];
      const codes = day && day.codes && day.codes.length ? day.codes.join(" ") : "";
      const b = el("button", { type: "button", class: "day" + (codes ? " has" : "") + (day && day.provisional ? " prov" : ""), "aria-label": date + " " + codes }, [String(i), el("small", {}, [codes])]);
      b.onclick = () => {
        detail.textContent = "";
        detail.append(el("h3", {}, [date]), ...(day ? (day.explanation || []).map((x) => el("p", {}, [x])) : [el("p", {}, [t["history.nodata"]])]),
          day && day.provisional ? el("p", { class: "mut" }, [t["history.provisional"]]) : "");
      };
      grid.append(b);
    }
    const sum = (d.recap && d.recap.summary) || {};
    const dl = el("dl", { class: "sum" });
    for (const k in sum) {
      const v = sum[k] && typeof sum[k] === "object" ? Object.keys(sum[k]).map((c) => c + " " + sum[k][c]).join(", ") : String(sum[k]);
      if (v) dl.append(el("dt", {}, [t["sum." + k] || k]), el("dd", {}, [v]));
    }
    const step = (k) => { const dt = new Date(y, m - 1 + k, 1); month = dt.getFullYear() + "-" + String(dt.getMonth() + 1).padStart(2, "0"); historyScreen(); };
    render([card([el("div", { class: "row" }, [el("button", { class: "btn sec", type: "button", onclick: () => step(-1), "aria-label": t["history.prev"] }, ["‹"]),
      el("h2", {}, [month]), el("button", { class: "btn sec", type: "button", onclick: () => step(1), "aria-label": t["history.next"] }, ["›"])]), grid, detail]),
    card([el("h2", {}, [t["history.summary"]]), dl])]);
  }

  // ---------- supervisor inbox ----------
  async function reviewScreen() {
    view = "reviews";
    let d, pend;
    try {
      [d, pend] = await Promise.all([api("GET", "/api/v1/reviews"), api("GET", "/api/v1/devices/pending").catch(() => ({}))]);
    } catch (x) { return render([card([el("p", { class: "err" }, [errText(x)])])]); }
    if (view !== "reviews") return;
    // New phones first: the employee cannot check in normally until decided.
    const phones = (pend.items || []).map((it) => {
      const msg = el("p", { class: "err", role: "alert" });
      const decide = async (ok) => {
        try { await api("POST", "/api/v1/devices/" + it.id + (ok ? "/approve" : "/reject"), {}); reviewScreen(); } catch (x) { msg.textContent = errText(x); }
      };
      return card([el("h3", {}, [it.employee_name || ""]),
        el("p", {}, [t["device.new"] + (it.label ? " · " + it.label : "") + " · " + new Date(it.created_at).toLocaleString(lang === "id" ? "id-ID" : "en-GB")]),
        el("div", { class: "acts" }, [el("button", { class: "btn", type: "button", onclick: () => decide(true) }, [t["device.approve"]]),
          el("button", { class: "btn sec", type: "button", onclick: () => decide(false) }, [t["device.reject"]])]), msg], { class: "card phone" });
    });
    const list = (d.items || []).map((it) => {
      const reason = el("input", { "aria-label": t["review.reason"], placeholder: t["review.reason"] });
      const msg = el("p", { class: "err", role: "alert" });
      const decide = async (accept) => {
        if (!accept && !reason.value.trim()) { msg.textContent = t["review.needReason"]; return; }
        try { await api("POST", "/api/v1/reviews/" + it.id, { accept, reason: reason.value.trim() }); reviewScreen(); } catch (x) { msg.textContent = errText(x); }
      };
      const g = it.geofence && typeof it.geofence === "object" ? it.geofence.verdict : it.geofence;
      return card([el("h3", {}, [it.employee_name || ""]),
        el("p", {}, [t[it.type === "out" ? "checkin.out" : "checkin.in"] + " · " + new Date(it.at).toLocaleString(lang === "id" ? "id-ID" : "en-GB")]),
        el("p", { class: "mut" }, [[t["fence." + g] || g].concat((it.signals || []).map((s) => t["signal." + (s.code || s)] || s.code || s)).filter(Boolean).join(" · ")]),
        el("div", { class: "acts" }, [el("button", { class: "btn", type: "button", onclick: () => decide(true) }, [t["review.accept"]]),
          el("button", { class: "btn sec", type: "button", onclick: () => decide(false) }, [t["review.reject"]])]), reason, msg], { class: "card review" });
    });
    render([card([el("h2", {}, [t["review.title"]]), list.length || phones.length ? null : el("p", {}, [t["review.empty"]])])].concat(phones, list));
  }

  // ---------- install gate ----------
  function gate() {
    const kids = [el("h2", {}, [t["install.title"]]), el("p", {}, [t["install.body"]])];
    if (IOS) {
      kids.push(el("ol", { id: "iossteps" }, [t["install.ios1"], t["install.ios2"], t["install.ios3"]].map((s) => el("li", {}, [s]))));
    } else {
      const b = el("button", { class: "btn", type: "button", id: "install", hidden: !installEvt }, [t["install.button"]]);
      // A prompt works once: the button goes with it, and comes back only
      // if the browser offers the prompt again (beforeinstallprompt).
      b.onclick = async () => { const e = installEvt; if (!e) return; installEvt = null; b.hidden = true; e.prompt(); await e.userChoice.catch(() => {}); };
      kids.push(b, el("p", { class: "mut" }, [ANDROID ? t["install.android"] : t["install.desktop"]]));
    }
    const go = el("a", { href: "#", id: "continue", class: "link" }, [t["install.continue"]]);
    go.onclick = (e) => { e.preventDefault(); localStorage.setItem("hadir.browser", "1"); start0(); };
    kids.push(el("p", {}, [go]));
    render([card(kids)]);
  }

  // ---------- navigation and start ----------
  function tabs() {
    nav.textContent = "";
    const items = [];
    if (me && me.employee_id) items.push(["today", t["nav.today"], () => (dev ? todayScreen() : enrolScreen())], ["history", t["nav.history"], historyScreen]);
    if (me && (me.roles || []).some((r) => r === "supervisor" || /admin/.test(r))) items.push(["reviews", t["nav.reviews"], reviewScreen]);
    nav.hidden = items.length < 2;
    for (const [k, label, fn] of items) nav.append(el("button", { type: "button", id: "nav-" + k, "aria-current": view === k ? "page" : false, onclick: () => { view = k; tabs(); fn(); } }, [label]));
  }

  async function start0() {
    if (!standalone() && !localStorage.getItem("hadir.browser")) { nav.hidden = true; return gate(); }
    try { dev = (await kvGet("device")) || null; } catch (x) { dev = null; }
    try { me = await api("GET", "/api/v1/me"); kvPut("me", me); } catch (x) {
      me = x instanceof TypeError && dev ? await kvGet("me").catch(() => null) : null; // offline: open from the last known profile
      if (!me && x.status !== 401) return render([card([el("p", { class: "err" }, [errText(x)])])]);
    }
    tabs();
    if (!me || !me.employee_id) {
      if (me) return nav.hidden && !nav.firstChild ? meScreen() : (view = "reviews", tabs(), reviewScreen());
      return dev ? enrolScreen(t["login.again"]) : enrolScreen(/masuk=gagal/.test(location.search) ? t["signin.failed"] : "");
    }
    if (!dev) return enrolScreen();
    if (!cur) cur = await kvGet("ch").catch(() => null);
    if (view === "history") return historyScreen();
    if (view === "reviews") return reviewScreen();
    await todayScreen();
    prefetch();
    flush();
  }
  function meScreen() {
    const out = el("button", { class: "btn sec", type: "button" }, [t["logout"]]);
    out.onclick = () => api("POST", "/api/v1/auth/logout").then(start0, start0);
    render([card([el("p", { class: "mut" }, [t["me.title"]]), el("h2", {}, [me.name]),
      el("p", {}, [t["me.roles"] + ": " + me.roles.map((r) => t["role." + r] || r).join(", ")]), out])]);
  }

  function setupForm(token) {
    const err = el("p", { class: "err", role: "alert" });
    const tz = el("select", { id: "tz" }, ["WIB", "WITA", "WIT"].map((z) => el("option", { value: z }, [z])));
    const form = el("form", {}, [
      el("label", { for: "rn" }, [t["setup.regency"]]), el("input", { id: "rn", required: true, value: "Pemerintah Kabupaten " }),
      el("label", { for: "tz" }, [t["setup.timezone"]]), tz,
      el("label", { for: "an" }, [t["setup.admin"]]), el("input", { id: "an", required: true }),
      el("button", { class: "btn", type: "submit" }, [t["setup.submit"]]), err]);
    form.onsubmit = (e) => {
      e.preventDefault();
      api("POST", "/api/v1/setup", { token, regency_name: form.rn.value, timezone: tz.value, admin_name: form.an.value })
        .then(() => location.replace("/")).catch((x) => { err.textContent = errText(x); });
    };
    render([card([el("h2", {}, [t["setup.title"]]), el("p", {}, [t["setup.body"]]), form])]);
  }

  async function start() {
    try { t = await (await fetch("/i18n/" + lang + ".json")).json(); } catch (x) { t = {}; }
    document.documentElement.lang = lang;
    const b = document.getElementById("lang");
    b.textContent = t["lang.switch"]; b.hidden = false;
    b.onclick = () => { lang = lang === "id" ? "en" : "id"; localStorage.setItem("hadir.lang", lang); start(); };
    if (location.pathname === "/setup" && location.hash.length > 1) return setupForm(location.hash.slice(1));
    return start0();
  }

  addEventListener("beforeinstallprompt", (e) => { e.preventDefault(); installEvt = e; const b = document.getElementById("install"); if (b) b.hidden = false; });
  addEventListener("appinstalled", () => { installEvt = null; const b = document.getElementById("install"); if (b) b.hidden = true; });
  addEventListener("online", () => { tries = 0; flush(); });
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") { if (!cur) prefetch(); flush(); } });
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
  start();
})();
