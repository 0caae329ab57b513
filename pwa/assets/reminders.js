// Reminders (Web Push): the "Nyalakan pengingat" card under today's
// screen and on the "me" screen — the permission state, turning reminders
// on from a tap, the test notification, muting — and the re-sync of the
// subscription on every open (iOS drops subscriptions silently). Loaded
// on demand once the phone is enrolled; docs/PUSH.md.
import { S, IOS, standalone, el, card, api, errText, unb64u } from "/assets/lib.js";

const OK = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
let reg = null, sub = null, prefs = null, note = "", box = null;

// mount prepares everything a tap needs (the registration and the server's
// key: iOS shows the permission prompt only if subscribe() runs in the
// tap itself, with no await before it), re-sends a live subscription and
// draws the card after target (today's screen) or inside it (me screen).
export async function mount(target, inside) {
  box = box && box.isConnected && !inside ? box : el("div", { id: inside ? "remind-me" : "remind" });
  if (inside) target.append(box); else if (!box.isConnected) target.after(box);
  if (OK) {
    try {
      reg = await navigator.serviceWorker.ready;
      [sub, prefs] = await Promise.all([reg.pushManager.getSubscription(), api("GET", "/api/v1/me/push-preferences")]);
      if (sub && Notification.permission === "granted") await save(sub);
      else if (sub) sub = null;
    } catch (x) { note = errText(x); }
  }
  draw();
}

async function save(s) {
  await api("POST", "/api/v1/me/push-subscriptions", Object.assign(s.toJSON(), S.dev ? { device_key_id: S.dev.keyId, lang: S.lang } : { lang: S.lang }));
}

function state() {
  if (IOS && !standalone()) return "install"; // iOS: only home-screen apps get push
  if (!OK) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  return sub ? "on" : "off";
}

function btn(id, cls, label, fn) {
  return el("button", { id, class: cls, type: "button", onclick: fn }, [label]);
}

function draw() {
  const t = S.t, st = state(), kids = [el("h2", {}, [t["remind.title"]]), el("p", { id: "remind-state", class: "mut" }, [t["remind.state." + st]])];
  if (st === "install") kids.push(el("ol", {}, [t["install.ios1"], t["install.ios2"], t["install.ios3"]].map((s) => el("li", {}, [s]))));
  if (st === "denied") kids.push(el("p", {}, [t[IOS ? "remind.denied.ios" : "remind.denied"]]));
  if (st === "off") kids.push(el("p", {}, [t["remind.body"]]), btn("remind-on", "btn", t["remind.on"], turnOn));
  if (st === "on") kids.push(btn("remind-test", "btn sec", t["remind.test"], test), mutes(), btn("remind-off", "btn sec", t["remind.off"], turnOff));
  if (note) kids.push(el("p", { id: "remind-note", class: "mut", role: "status" }, [note]));
  box.textContent = "";
  box.append(card(kids));
}

// turnOn runs from the tap: subscribe() first, before any other await.
function turnOn() {
  note = "";
  if (!reg || !prefs) return;
  reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: unb64u(prefs.public_key) })
    .then(async (s) => { sub = s; await save(s); note = S.t["remind.done"]; })
    .catch((x) => { note = Notification.permission === "denied" ? "" : errText(x); })
    .then(draw);
}

async function test() {
  try {
    const r = await api("POST", "/api/v1/me/push-subscriptions/test");
    note = S.t["remind.test.sent"].replace("{n}", r.queued);
  } catch (x) { note = errText(x); }
  draw();
}

async function turnOff() {
  try {
    const endpoint = sub.endpoint;
    await sub.unsubscribe().catch(() => {});
    await api("DELETE", "/api/v1/me/push-subscriptions?endpoint=" + encodeURIComponent(endpoint)).catch((x) => { if (x.status !== 404) throw x; });
    sub = null;
    note = "";
  } catch (x) { note = errText(x); }
  draw();
}

// mutes: one checkbox per kind; unchecked means muted.
function mutes() {
  const t = S.t, muted = new Set((prefs && prefs.muted) || []);
  const approves = S.me && (S.me.roles || []).some((r) => r === "supervisor" || /admin/.test(r));
  const boxes = ((prefs && prefs.categories) || []).filter((c) => c !== "approvals" || approves).map((c) => {
    const cb = el("input", { type: "checkbox", id: "remind-" + c, checked: !muted.has(c) });
    cb.onchange = async () => {
      const m = [...document.querySelectorAll("#remind-kinds input")].filter((i) => !i.checked).map((i) => i.id.slice(7));
      try { prefs = await api("PUT", "/api/v1/me/push-preferences", { muted: m }); } catch (x) { note = errText(x); draw(); }
    };
    return el("label", { class: "chip" }, [cb, t["remind.kind." + c] || c]);
  });
  return el("fieldset", { id: "remind-kinds", class: "chips" }, [el("legend", { class: "mut" }, [t["remind.kinds"]])].concat(boxes));
}
