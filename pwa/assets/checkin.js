// Today: the one-tap check-in, the offline queue and today's shift.
// docs/CHECKIN.md describes the protocol (mirrors internal/bench/softphone).
import { S, IOS, ANDROID, el, card, render, fmt, api, errText, today, uuid7, kvGet, kvPut, qAll, qPut, qDel, credJSON, sign, unb64u } from "/assets/lib.js";

// The server's keys for a passkey the phone did not verify (user verification
// refused or cancelled): the app decides on the key, never on the text.
const UV_KEYS = ["device.user_verification_required", "device.passkey_failed"];

let cur = null, curType = "in", result = null; // result: {cls, lines[]} under the button
let tries = 0, timer = 0, flushing = false, shiftLine = "", shiftLang = "";

// open shows today's screen on start: the challenge kept in IndexedDB, the
// prefetch of a fresh one and the queue's flush.
export async function open() {
  if (!cur) cur = await kvGet("ch").catch(() => null);
  await todayScreen();
  prefetch();
  flush();
}
export function onVisible() { if (!cur) prefetch(); flush(); }
export function onOnline() { tries = 0; flush(); }

export async function prefetch() {
  if (!S.dev || !S.me || !navigator.onLine) return;
  try { keep(await api("GET", "/api/v1/checkins/challenge?device_key_id=" + encodeURIComponent(S.dev.keyId))); } catch (x) { /* the tap fetches again */ }
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
  const t = S.t;
  if (e.code === 1) return IOS ? t["geo.denied.ios"] : ANDROID ? t["geo.denied.android"] : t["geo.denied"];
  if (e.code === 2) return t["geo.unavailable"];
  return t["geo.timeout"];
}
function show(cls, lines) { result = { cls, lines }; todayScreen(); }
// checkinOpts builds the request options from a bare check-in challenge:
// the server sends only the challenge to keep each tap small.
function checkinOpts(ch) {
  const o = { challenge: unb64u(ch.challenge), rpId: location.hostname, userVerification: "required", timeout: 120000 };
  if (S.dev && S.dev.credId) o.allowCredentials = [{ type: "public-key", id: unb64u(S.dev.credId) }];
  return o;
}

async function tap() {
  if (S.busy) return;
  S.busy = true;
  const t = S.t, dev = S.dev, typ = curType, offline = !navigator.onLine;
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
    S.busy = false;
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
        show("warn", [S.t["queue.saved"]]);
      }
      schedule(x.retryAfter);
      return false;
    }
    if (fromQueue) await qDel(req.idempotency_key);
    if (UV_KEYS.includes(x.key)) throw new Error(S.t["err.uv"] + " " + x.message);
    throw x;
  }
  if (fromQueue) await qDel(req.idempotency_key);
  await kvPut("last", { date: today(), type: req.type, at: Date.now() });
  if (res.next_challenge && res.next_challenge.challenge) keep(res.next_challenge);
  const lines = [res.status || S.t["checkin.done"]].concat(res.review || []);
  show(res.review && res.review.length ? "warn" : "ok", lines);
  return true;
}

// schedule retries the queue never before the server's Retry-After; the
// backoff (2 s doubling, at most 5 min) with jitter comes on top of it,
// so a crowd of phones turned away together does not return together.
function schedule(after) {
  clearTimeout(timer);
  const d = Math.min(300000, 2000 * 2 ** tries++) * (0.5 + Math.random());
  timer = setTimeout(flush, Math.min(300000, (after || 0) * 1000) + d);
}
export async function flush() {
  if (flushing || !S.dev || !S.me) return;
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
    if (S.view === "today" && !S.busy) todayScreen();
  }
}

// shiftLine is today's shift from the rules engine (GET /me/today), in
// the language shiftLang. The answer is also kept in IndexedDB with its
// date: an app opened without the server shows that day's line.
async function loadShift() {
  try {
    const d = await api("GET", "/api/v1/me/today?lang=" + S.lang);
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
    : d.holiday ? fmt("today.holiday", { name: d.holiday }) : S.t["today.off"];
  shiftLang = S.lang;
  const e = document.getElementById("shift");
  if (e) e.textContent = shiftLine;
}
export async function todayScreen() {
  const t = S.t;
  S.view = "today";
  if (!shiftLine || shiftLang !== S.lang) loadShift();
  const typ = curType = await nextType(), q = await qAll();
  if (S.view !== "today") return;
  const btn = el("button", { class: "big " + typ, type: "button", id: "tap" }, [t[typ === "in" ? "checkin.in" : "checkin.out"]]);
  btn.onclick = tap;
  const res = result && el("div", { class: "result " + result.cls, id: "result", role: "status" },
    result.lines.map((l, i) => el(i ? "p" : "strong", {}, [l])));
  const sendBtn = el("button", { class: "btn sec", type: "button", id: "flush" }, [t["queue.send"]]);
  sendBtn.onclick = () => { tries = 0; flush(); };
  render([
    card([el("p", { class: "mut" }, [t["today.hello"]]), el("h2", { id: "name" }, [S.me.name]),
      el("p", { class: "mut", id: "shift" }, [shiftLine]),
      S.dev.status === "pending" ? el("p", { class: "warn", id: "pending" }, [t["device.pending"]]) : null,
      btn, res || el("div", { id: "result", role: "status" })]),
    card([el("p", { id: "queue" }, [q.length ? fmt("queue.pending", { n: q.length }) : t["queue.empty"]]), q.length ? sendBtn : null]),
  ]);
}
