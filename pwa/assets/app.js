// Hadir, the installable app: start, navigation, the install gate. Each
// screen is an ES module fetched when first opened (import() below; the
// service worker keeps it once fetched); the shell's own modules are
// preloaded by index.html. No framework, no build step.
import { S, IOS, ANDROID, standalone, el, card, render, api, errCard, kvGet, kvPut, nav, app } from "/assets/lib.js";

// The screens' modules. The quoted paths become content-hashed names when
// the server starts (api/shell.go), so each import is cached for good.
const MODS = {
  checkin: () => import("/assets/checkin.js"),
  enrol: () => import("/assets/enrol.js"),
  history: () => import("/assets/history.js"),
  inbox: () => import("/assets/inbox.js"),
  setup: () => import("/assets/setup.js"),
  kinerja: () => import("/assets/kinerja.js"),
  skp: () => import("/assets/skp.js"),
  approve: () => import("/assets/approve.js"),
  reminders: () => import("/assets/reminders.js"),
};
const loaded = {};
function load(name) { return loaded[name] || (loaded[name] = MODS[name]().catch((x) => { delete loaded[name]; throw x; })); }
// show opens a screen: fn is the module's screen function.
async function show(name, fn, ...args) {
  try { return (await load(name))[fn](...args); } catch (x) { errCard(x); }
}
const SCREENS = {
  today: () => (S.dev ? show("checkin", "todayScreen") : show("enrol", "enrolScreen")),
  history: () => show("history", "historyScreen"),
  reviews: () => show("inbox", "inboxScreen"),
  kinerja: () => show("kinerja", "kinerjaScreen"),
  skp: () => show("skp", "skpScreen"),
};
S.load = load;
// go opens a view; Persetujuan gets the desktop's width (a team's week).
S.go = (v) => { S.view = document.body.dataset.view = v; app.classList.toggle("wide", v === "reviews"); tabs(); return SCREENS[v](); };
// reminders draws its card beside a screen (docs/PUSH.md); never in the way.
const remind = (...a) => load("reminders").then((m) => m.mount(...a)).catch(() => {});

function gate() {
  const t = S.t, kids = [el("h2", {}, [t["install.title"]]), el("p", {}, [t["install.body"]])];
  if (IOS) {
    kids.push(el("ol", { id: "iossteps" }, [t["install.ios1"], t["install.ios2"], t["install.ios3"]].map((s) => el("li", {}, [s]))));
  } else {
    const b = el("button", { class: "btn", type: "button", id: "install", hidden: !S.installEvt }, [t["install.button"]]);
    // A prompt works once: the button goes with it, and comes back only
    // if the browser offers the prompt again (beforeinstallprompt).
    b.onclick = async () => { const e = S.installEvt; if (!e) return; S.installEvt = null; b.hidden = true; e.prompt(); await e.userChoice.catch(() => {}); };
    kids.push(b, el("p", { class: "mut" }, [ANDROID ? t["install.android"] : t["install.desktop"]]));
  }
  const go = el("a", { href: "#", id: "continue", class: "link" }, [t["install.continue"]]);
  go.onclick = (e) => { e.preventDefault(); localStorage.setItem("hadir.browser", "1"); start0(); };
  kids.push(el("p", {}, [go]));
  render([card(kids)]);
}

function tabs() {
  const t = S.t, me = S.me, items = [];
  nav.textContent = "";
  if (me && me.employee_id) items.push(["today", t["nav.today"]], ["history", t["nav.history"]], ["kinerja", t["nav.kinerja"]]);
  if (me && (me.roles || []).some((r) => r === "supervisor" || /admin/.test(r))) items.push(["reviews", t["nav.reviews"]]);
  nav.hidden = items.length < 2;
  for (const [k, label] of items) nav.append(el("button", { type: "button", id: "nav-" + k, "aria-current": S.view === k ? "page" : false, onclick: () => S.go(k) }, [label]));
}

function meScreen() {
  const t = S.t, out = el("button", { class: "btn sec", type: "button" }, [t["logout"]]);
  out.onclick = () => api("POST", "/api/v1/auth/logout").then(start0, start0);
  const c = card([el("p", { class: "mut" }, [t["me.title"]]), el("h2", {}, [S.me.name]),
    el("p", {}, [t["me.roles"] + ": " + S.me.roles.map((r) => t["role." + r] || r).join(", ")]), out]);
  render([c]);
  remind(c, true);
}

// A notification's deep link (#checkin, #approvals, #history) picks the screen.
const LINKS = { "#approvals": "reviews", "#checkin": "today", "#history": "history", "#kinerja": "kinerja" };

async function start0() {
  S.view = document.body.dataset.view = LINKS[location.hash] || S.view;
  if (!standalone() && !localStorage.getItem("hadir.browser")) { nav.hidden = true; return gate(); }
  try { S.dev = (await kvGet("device")) || null; } catch (x) { S.dev = null; }
  try { S.me = await api("GET", "/api/v1/me"); kvPut("me", S.me); } catch (x) {
    S.me = x instanceof TypeError && S.dev ? await kvGet("me").catch(() => null) : null; // offline: open from the last known profile
    if (!S.me && x.status !== 401) return errCard(x);
  }
  tabs();
  const me = S.me;
  if (!me || !me.employee_id) {
    if (me) return nav.hidden && !nav.firstChild ? meScreen() : S.go("reviews");
    return show("enrol", "enrolScreen", S.dev ? S.t["login.again"] : /masuk=gagal/.test(location.search) ? S.t["signin.failed"] : "");
  }
  if (!S.dev) return show("enrol", "enrolScreen");
  remind(document.getElementById("app"));
  if (S.view !== "today") return S.go(S.view);
  return show("checkin", "open");
}
S.start0 = start0;

async function start() {
  try { S.t = await (await fetch("/i18n/" + S.lang + ".json")).json(); } catch (x) { S.t = {}; }
  document.documentElement.lang = S.lang;
  const b = document.getElementById("lang");
  b.textContent = S.t["lang.switch"]; b.hidden = false;
  b.onclick = () => { S.lang = S.lang === "id" ? "en" : "id"; localStorage.setItem("hadir.lang", S.lang); start(); };
  if (location.pathname === "/setup" && location.hash.length > 1) return show("setup", "setupForm", location.hash.slice(1));
  return start0();
}

// The check-in module listens only once loaded: before that there is
// nothing queued in this page to flush.
const checkin = (fn) => { if (loaded.checkin && S.dev && S.me) loaded.checkin.then((m) => m[fn]()); };
addEventListener("beforeinstallprompt", (e) => { e.preventDefault(); S.installEvt = e; const b = document.getElementById("install"); if (b) b.hidden = false; });
addEventListener("appinstalled", () => { S.installEvt = null; const b = document.getElementById("install"); if (b) b.hidden = true; });
addEventListener("online", () => checkin("onOnline"));
addEventListener("hashchange", () => { const v = LINKS[location.hash]; if (v && S.me && S.go) S.go(v); });
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") checkin("onVisible"); });
if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
start();
