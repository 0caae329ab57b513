// Hadir's shared core: state, DOM and API helpers, IndexedDB, WebAuthn and
// the device key. Every screen module imports it; it imports nothing, so
// its hashed name is fixed before the screens' (api/shell.go hashes in
// dependency order). Messages come from i18n/<lang>.json only; server
// errors carry their own text and are shown as they are.
const UA = navigator.userAgent;
export const IOS = /iPhone|iPad|iPod/.test(UA) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
export const ANDROID = /Android/.test(UA);
export const standalone = () => matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;

// S is the app's one state object. go(view) and start0() are set by app.js:
// screens navigate through them without importing app.js.
export const S = {
  lang: localStorage.getItem("hadir.lang") || "id", t: {}, me: null, dev: null, view: "today", busy: false,
  installEvt: null, go: null, start0: null,
};
export const app = document.getElementById("app"), nav = document.getElementById("nav");

// el builds an element. A style is set through the CSSOM: the server's
// Content-Security-Policy (style-src 'self') refuses style attributes.
export function el(tag, attrs, kids) {
  const n = document.createElement(tag);
  for (const k in attrs || {}) {
    if (k.startsWith("on")) n[k] = attrs[k];
    else if (k === "style") n.style.cssText = attrs[k];
    else if (attrs[k] !== false && attrs[k] != null) n.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
  }
  for (const k of kids || []) if (k != null) n.append(typeof k === "string" || typeof k === "number" ? document.createTextNode(String(k)) : k);
  return n;
}
export const card = (kids, attrs) => el("section", Object.assign({ class: "card" }, attrs), kids);
export function render(nodes) { app.textContent = ""; for (const n of nodes) if (n) app.append(n); }
export const tr = (k) => S.t[k] || k;
export const fmt = (k, v) => tr(k).replace(/\{(\w+)\}/g, (_, x) => (v && v[x] != null ? v[x] : ""));
export const locale = () => (S.lang === "id" ? "id-ID" : "en-GB");
export const b64u = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
export const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
export function unb64u(s) {
  s = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(s + "===".slice((s.length + 3) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
export const ymd = (d) => d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
export const today = () => ymd(new Date());
export function uuid7() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) { b[i] = ms % 256; ms = Math.floor(ms / 256); }
  b[6] = (b[6] & 0x0f) | 0x70; b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
}

// IndexedDB "hadir": kv (device key, profile, last event, challenge) and
// q (the offline check-in queue).
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
export const kvGet = (k) => idb("kv", "readonly", (s) => s.get(k));
export const kvPut = (k, v) => idb("kv", "readwrite", (s) => s.put(v, k));
export const qAll = () => idb("q", "readonly", (s) => s.getAll());
export const qPut = (r) => idb("q", "readwrite", (s) => s.put(r));
export const qDel = (k) => idb("q", "readwrite", (s) => s.delete(k));

// api calls the server; a non-2xx answer throws an Error carrying the
// structured error body (code, key, field, detail) and the status.
export async function api(method, path, body) {
  const h = { "Accept-Language": S.lang };
  if (standalone()) h["X-Hadir-Display"] = "standalone";
  if (body) h["Content-Type"] = "application/json";
  const r = await fetch(path, { method, credentials: "same-origin", headers: h, body: body ? JSON.stringify(body) : undefined });
  const j = r.status === 204 ? {} : await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = new Error((j.error && j.error.message) || S.t["error.generic"]);
    Object.assign(e, j.error || {}, { status: r.status });
    const ra = +r.headers.get("Retry-After"); // seconds; an HTTP date is ignored
    if (ra > 0) e.retryAfter = ra;
    throw e;
  }
  return j;
}
export const errText = (e) => (e instanceof TypeError ? S.t["error.network"] : e.message || S.t["error.generic"]);
export const errCard = (x) => render([card([el("p", { class: "err" }, [errText(x)])])]);

// ---------- WebAuthn and the device key (docs/CHECKIN.md) ----------
export function createOpts(o) {
  o = JSON.parse(JSON.stringify(o.publicKey || o));
  o.challenge = unb64u(o.challenge);
  o.user.id = unb64u(o.user.id);
  for (const c of o.excludeCredentials || []) c.id = unb64u(c.id);
  return o;
}
export function getOpts(o) {
  o = JSON.parse(JSON.stringify(o.publicKey || o));
  o.challenge = unb64u(o.challenge);
  for (const c of o.allowCredentials || []) c.id = unb64u(c.id);
  return o;
}
export const challengeOf = (o) => (o.publicKey || o).challenge;
// credJSON serialises a credential; lean (check-ins) leaves out what the
// server does not need there: every byte of a tap is the user's quota.
export function credJSON(c, lean) {
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
export async function newDeviceKey() {
  const k = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  const raw = await crypto.subtle.exportKey("raw", k.publicKey);
  const sum = await crypto.subtle.digest("SHA-256", raw);
  return { priv: k.privateKey, raw: b64(raw), keyId: b64u(sum.slice(0, 16)) };
}
export async function sign(priv, text) {
  return b64(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, priv, new TextEncoder().encode(text)));
}
export function label() { return (IOS ? "iPhone" : ANDROID ? "Android" : "Browser") + (standalone() ? " (app)" : ""); }
export function persist() { if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {}); }
