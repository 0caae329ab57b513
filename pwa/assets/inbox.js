// Persetujuan: the supervisor's one inbox for everything waiting on them.
// Each kind is a section {key, title, load() → items, item(it, refresh) →
// node, more?(items, refresh) → node}: its count shows in the summary at
// the top and in its heading. A new kind (e-kinerja entries, later leave
// requests) adds one entry to SECTIONS; a section whose code lives in its
// own module names it (mod) and exports `section` from there.
import { S, el, card, render, api, errText, errCard, locale } from "/assets/lib.js";

const when = (s) => new Date(s).toLocaleString(locale());

const phones = {
  key: "phones", title: "inbox.phones",
  load: () => api("GET", "/api/v1/devices/pending").then((d) => d.items || []).catch(() => []),
  item(it, refresh) {
    const t = S.t, msg = el("p", { class: "err", role: "alert" });
    const decide = async (ok) => {
      try { await api("POST", "/api/v1/devices/" + it.id + (ok ? "/approve" : "/reject"), {}); refresh(); } catch (x) { msg.textContent = errText(x); }
    };
    return card([el("h3", {}, [it.employee_name || ""]),
      el("p", {}, [t["device.new"] + (it.label ? " · " + it.label : "") + " · " + when(it.created_at)]),
      el("div", { class: "acts" }, [el("button", { class: "btn", type: "button", onclick: () => decide(true) }, [t["device.approve"]]),
        el("button", { class: "btn sec", type: "button", onclick: () => decide(false) }, [t["device.reject"]])]), msg], { class: "card phone" });
  },
};

const checkins = {
  key: "checkins", title: "inbox.checkins",
  load: () => api("GET", "/api/v1/reviews").then((d) => d.items || []),
  item(it, refresh) {
    const t = S.t;
    const reason = el("input", { "aria-label": t["review.reason"], placeholder: t["review.reason"] });
    const msg = el("p", { class: "err", role: "alert" });
    const decide = async (accept) => {
      if (!accept && !reason.value.trim()) { msg.textContent = t["review.needReason"]; return; }
      try { await api("POST", "/api/v1/reviews/" + it.id, { accept, reason: reason.value.trim() }); refresh(); } catch (x) { msg.textContent = errText(x); }
    };
    const g = it.geofence && typeof it.geofence === "object" ? it.geofence.verdict : it.geofence;
    return card([el("h3", {}, [it.employee_name || ""]),
      el("p", {}, [t[it.type === "out" ? "checkin.out" : "checkin.in"] + " · " + when(it.at)]),
      el("p", { class: "mut" }, [[t["fence." + g] || g].concat((it.signals || []).map((s) => t["signal." + (s.code || s)] || s.code || s)).filter(Boolean).join(" · ")]),
      el("div", { class: "acts" }, [el("button", { class: "btn", type: "button", onclick: () => decide(true) }, [t["review.accept"]]),
        el("button", { class: "btn sec", type: "button", onclick: () => decide(false) }, [t["review.reject"]])]), reason, msg], { class: "card review" });
  },
};

// New phones first: the employee cannot check in normally until decided.
const SECTIONS = [phones, checkins];

async function resolve(s) {
  if (!s.mod) return s;
  try { return (await S.load(s.mod)).section; } catch (x) { return null; }
}

export async function inboxScreen() {
  const t = S.t;
  S.view = "reviews";
  let secs, lists;
  try {
    secs = (await Promise.all(SECTIONS.map(resolve))).filter(Boolean);
    lists = await Promise.all(secs.map((s) => s.load()));
  } catch (x) { return errCard(x); }
  if (S.view !== "reviews") return;
  const total = lists.reduce((n, l) => n + l.length, 0);
  const chips = el("p", { class: "chips", id: "inbox-counts" }, secs.map((s, i) =>
    el("a", { href: "#sec-" + s.key, class: "chip" + (lists[i].length ? " on" : "") }, [t[s.title] + " ", el("b", { class: "count" }, [lists[i].length])])));
  const out = [card([el("h2", {}, [t["inbox.title"]]), chips, total ? null : el("p", {}, [t["inbox.empty"]])])];
  secs.forEach((s, i) => {
    const items = lists[i];
    out.push(el("h2", { class: "sec", id: "sec-" + s.key }, [t[s.title] + " ", el("span", { class: "count" }, ["(" + items.length + ")"])]));
    if (s.more) out.push(s.more(items, inboxScreen));
    else if (!items.length) out.push(el("p", { class: "mut" }, [t["inbox.none"]]));
    else for (const it of items) out.push(s.item(it, inboxScreen));
  });
  render(out);
}
