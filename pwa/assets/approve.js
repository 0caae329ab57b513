// The e-kinerja section of Persetujuan: the team's submitted entries by
// employee and day with every row ticked, approved (or returned with a
// comment) in one request; submitted SKPs; the team's month table. Works
// at 360 px (stacked) and on a desktop (two columns, a wide table).
import { S, el, card, fmt, tr, api, errText, ymd } from "/assets/lib.js";

const num = (n) => Number(n).toLocaleString(S.lang === "id" ? "id-ID" : "en-GB");
const dayName = (s) => new Date(s + "T12:00:00").toLocaleDateString(S.lang === "id" ? "id-ID" : "en-GB", { weekday: "short", day: "numeric", month: "short" });

export const section = {
  key: "kinerja", title: "inbox.kinerja", always: true, // the team's month table stays
  async load() {
    const to = new Date(), from = new Date();
    from.setDate(from.getDate() - 30);
    const [team, skps] = await Promise.all([
      api("GET", "/api/v1/kinerja/approvals?from=" + ymd(from) + "&to=" + ymd(to)).then((d) => d.items || []).catch(() => []),
      api("GET", "/api/v1/kinerja/team/skps?year=" + to.getFullYear()).then((d) => (d.items || []).filter((k) => k.status === "submitted")).catch(() => []),
    ]);
    const entries = [];
    for (const m of team) for (const d of m.days) for (const e of d.entries) entries.push(e);
    const items = entries.concat(skps);
    items.team = team; items.skps = skps;
    return items;
  },
  more(items, refresh) {
    const box = el("div", { class: "kteam", id: "kteam" });
    if (!items.length) box.append(el("p", { class: "mut" }, [tr("inbox.none")]));
    if (items.team.length) box.append(weekCard(items.team, refresh));
    for (const k of items.skps) box.append(skpCard(k, items.team, refresh));
    box.append(monthCard((rows) => { if (rows.length) box.append(evalCard(rows), delegCard(rows)); }));
    return box;
  },
};

// weekCard: the action bar on top (sticky), then a table of the team by
// day (minutes per cell, one checkbox per employee) and each employee's
// entries folded under it, every entry ticked.
function weekCard(team, refresh) {
  const boxes = [], msg = el("p", { class: "err", role: "alert", id: "kapprove-msg" });
  const comment = el("input", { id: "kcomment", placeholder: tr("kin.comment"), "aria-label": tr("kin.comment") });
  const count = el("span", {});
  const picked = () => boxes.filter((b) => b.checked).map((b) => +b.value);
  const recount = () => { count.textContent = String(picked().length); };
  const decide = (approve) => async () => {
    const ids = picked();
    if (!ids.length) return;
    try {
      await api("POST", "/api/v1/kinerja/approvals", { ids, approve, comment: comment.value.trim() });
      refresh();
    } catch (x) {
      const bad = x.detail && x.detail.bad ? " (" + x.detail.bad.map((b) => "#" + b.id).join(", ") + ")" : "";
      msg.textContent = errText(x) + bad;
    }
  };
  const dates = [...new Set(team.flatMap((m) => m.days.map((d) => d.date)))].sort();
  const rows = [], folds = [];
  for (const m of team) {
    const mine = [], byDate = {};
    for (const d of m.days) byDate[d.date] = d;
    const list = el("ul", { class: "entries" }, m.days.flatMap((d) => d.entries.map((e) => {
      const cb = el("input", { type: "checkbox", value: e.id, checked: true, "aria-label": e.what, onchange: recount });
      boxes.push(cb); mine.push(cb);
      return el("li", { class: "entry" + (e.warning ? " warned" : "") }, [el("label", { class: "pick" }, [cb,
        el("span", {}, [dayName(d.date) + " · " + e.what + " · " + num(e.volume) + " " + e.unit + " · " + fmt("kin.min", { n: e.minutes }),
          e.warning ? el("small", { class: "warn" }, [" · " + tr("kin.warn." + e.warning)]) : null])]),
      e.evidence_url ? el("a", { href: e.evidence_url, target: "_blank", rel: "noopener", class: "ev" }, [tr("kin.evidenceShort")]) : null,
      e.evidence_file ? el("a", { href: "/api/v1/kinerja/entries/" + e.id + "/evidence", target: "_blank", rel: "noopener", class: "ev" }, [tr("kin.evidenceFileShort")]) : null]);
    })));
    const all = el("input", { type: "checkbox", checked: true, "aria-label": m.name, onchange: () => { for (const c of mine) c.checked = all.checked; recount(); } });
    const total = m.days.reduce((n, d) => n + d.minutes, 0);
    rows.push(el("tr", {}, [el("th", {}, [el("label", { class: "pick" }, [all, m.name])]),
      ...dates.map((d) => el("td", { class: "num" }, [byDate[d] ? num(byDate[d].minutes) : "·"])), el("td", { class: "num" }, [el("b", {}, [num(total)])])]));
    folds.push(el("details", { class: "tm" }, [el("summary", {}, [m.name + " · " + fmt("kin.entries", { n: mine.length })]), list]));
  }
  recount();
  const table = el("div", { class: "scroll" }, [el("table", { class: "tbl", id: "kweek" }, [
    el("thead", {}, [el("tr", {}, [el("th", {}, [tr("kin.col.name")]), ...dates.map((d) => el("th", { class: "num" }, [dayName(d)])), el("th", { class: "num" }, [tr("kin.col.total")])])]),
    el("tbody", {}, rows)])]);
  const bar = el("div", { class: "decide" }, [comment, el("div", { class: "acts" }, [
    el("button", { class: "btn", type: "button", id: "approve-all", onclick: decide(true) }, [tr("kin.approveSel") + " (", count, ")"]),
    el("button", { class: "btn sec", type: "button", id: "return-sel", onclick: () => (comment.value.trim() ? decide(false)() : (msg.textContent = tr("kin.needComment"))) }, [tr("kin.returnSel")])]), msg]);
  return card([el("h3", {}, [tr("kin.pendingTitle")]), bar, table, el("div", { class: "tms" }, folds)], { class: "card kweek" });
}

function skpCard(k, team, refresh) {
  const who = (team.find((m) => m.employee_id === k.employee_id) || {}).name || "#" + k.employee_id;
  const comment = el("input", { placeholder: tr("kin.comment"), "aria-label": tr("kin.comment") }), msg = el("p", { class: "err", role: "alert" });
  const decide = (agree) => async () => {
    try { await api("POST", "/api/v1/kinerja/skps/" + k.id + "/decision", { agree, comment: comment.value.trim() }); refresh(); } catch (x) { msg.textContent = errText(x); }
  };
  return card([el("h3", {}, [fmt("kin.skpOf", { name: who, year: k.year })]),
    el("ol", {}, k.rhks.map((r) => el("li", {}, [r.text + " — " + r.indicator + ": " + num(r.target_qty) + " " + r.target_unit + " (" + r.kind + ")"]))),
    comment, el("div", { class: "acts" }, [el("button", { class: "btn", type: "button", onclick: decide(true) }, [tr("kin.agree")]),
      el("button", { class: "btn sec", type: "button", onclick: decide(false) }, [tr("kin.return")])]), msg], { class: "card skpreq" });
}

// monthCard fills itself: the team's requirement and approved minutes.
function monthCard(then) {
  const body = el("tbody", {});
  const c = card([el("h3", {}, [tr("kin.teamMonth")]), el("div", { class: "scroll" }, [el("table", { class: "tbl", id: "kteam-month" }, [
    el("thead", {}, [el("tr", {}, ["kin.col.name", "kin.col.need", "kin.col.done", "kin.col.wait", "kin.col.pct"].map((k) => el("th", {}, [tr(k)])))]), body])])]);
  api("GET", "/api/v1/kinerja/team/progress?month=" + ymd(new Date()).slice(0, 7)).then((d) => {
    for (const r of d.items || []) body.append(el("tr", {}, [el("td", {}, [r.name]), el("td", {}, [num(r.minutes)]), el("td", {}, [num(r.approved_min)]),
      el("td", {}, [num(r.submitted_min)]), el("td", {}, [el("div", { class: "bar sm" }, [el("span", { style: "width:" + Math.min(100, r.pct) + "%" })]), String(r.pct) + "%"])]));
    then(d.items || []);
  }).catch((x) => c.append(el("p", { class: "err" }, [errText(x)])));
  return c;
}

// evalCard: the periodic evaluation of one team member — results and the
// seven BerAKHLAK values (each "sesuai" until changed) → the predikat by
// the matrix, shown as the server computed it.
const VALUES = ["berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"];
const RATINGS = ["di_bawah", "sesuai", "di_atas"];
function evalCard(team) {
  const sel = (id, label) => el("label", { class: "grid2" }, [label, el("select", { id }, RATINGS.map((r) => el("option", { value: r, selected: r === "sesuai" }, [tr("kin.rating." + r)])))]);
  const who = el("select", { id: "ev-who" }, team.map((m) => el("option", { value: m.employee_id }, [m.name])));
  const now = new Date(), period = el("input", { id: "ev-period", type: "number", min: "1", max: "12", value: String(now.getMonth() + 1) });
  const fb = el("textarea", { id: "ev-feedback", rows: 2, placeholder: tr("kin.feedback"), "aria-label": tr("kin.feedback") });
  const out = el("p", { id: "ev-result", role: "status" });
  const send = async () => {
    const values = {};
    for (const v of VALUES) values[v] = document.getElementById("ev-" + v).value;
    try {
      const r = await api("POST", "/api/v1/kinerja/evaluations", { employee_id: +who.value, year: now.getFullYear(), period: +period.value,
        result: document.getElementById("ev-result-rating").value, values, feedback: fb.value.trim() });
      out.className = ""; out.textContent = fmt("kin.predikatIs", { p: tr("kin.predikat." + r.predikat) });
    } catch (x) { out.className = "err"; out.textContent = errText(x); }
  };
  return el("details", { class: "card", id: "ev-card" }, [el("summary", {}, [el("b", {}, [tr("kin.evalTitle")])]),
    el("label", { for: "ev-who" }, [tr("kin.col.name")]), who, el("label", { for: "ev-period" }, [tr("kin.period")]), period,
    sel("ev-result-rating", tr("kin.resultRating")), el("p", { class: "mut" }, [tr("kin.behaviour")]),
    ...VALUES.map((v) => sel("ev-" + v, tr("kin.value." + v))), fb,
    el("button", { class: "btn", type: "button", id: "ev-send", onclick: send }, [tr("kin.evalSend")]), out, distCheck()]);
}

// distCheck: the unit's predikat distribution this year against the
// pattern its organisation's predikat asks for (PermenPAN-RB 6/2022),
// worded from the server's warning keys.
const ORG = ["istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"];
function distCheck() {
  const org = el("select", { id: "ev-org" }, [el("option", { value: "" }, ["—"]), ...ORG.map((o) => el("option", { value: o }, [tr("kin.org." + o)]))]);
  const list = el("ul", { id: "ev-dist", class: "entries" });
  org.onchange = async () => {
    list.textContent = "";
    if (!org.value) return;
    try {
      const r = await api("GET", "/api/v1/kinerja/team/evaluations?year=" + new Date().getFullYear() + "&org_predikat=" + org.value);
      const ws = r.warnings || [];
      if (!ws.length) list.append(el("li", { class: "ok" }, [tr("kin.dist.ok")]));
      for (const w of ws) {
        const args = Object.assign({}, w.args, { predikat: String((w.args || {}).predikat || "").split("/").map((p) => tr("kin.predikat." + p)).join("/") });
        list.append(el("li", { class: "warn" }, [fmt(w.key.replace(/^kinerja\./, "kin."), args)]));
      }
    } catch (x) { list.append(el("li", { class: "err" }, [errText(x)])); }
  };
  return el("div", {}, [el("label", { for: "ev-org" }, [tr("kin.dist.org")]), org, list]);
}

// delegCard: the supervisor names a Plh/Plt from their team for a date
// range (one delegation model: leave requests will use it too), and sees
// the delegations in force.
function delegCard(team) {
  const who = el("select", { id: "dg-who" }, team.map((m) => el("option", { value: m.employee_id }, [m.name])));
  const kind = el("select", { id: "dg-kind" }, ["plh", "plt"].map((k) => el("option", { value: k }, [tr("kin.deleg." + k)])));
  const from = el("input", { id: "dg-from", type: "date", value: ymd(new Date()) }), to = el("input", { id: "dg-to", type: "date", value: ymd(new Date()) });
  const list = el("ul", { id: "dg-list" }), out = el("p", { role: "status" });
  const names = Object.fromEntries(team.map((m) => [m.employee_id, m.name]));
  const load = () => api("GET", "/api/v1/delegations").then((d) => {
    list.textContent = "";
    for (const x of d.items || []) list.append(el("li", {}, [fmt("kin.deleg.item", { who: names[x.acting_id] || "#" + x.acting_id, kind: x.kind.toUpperCase(), from: x.valid_from, to: x.valid_to })]));
  }).catch(() => {});
  const send = async () => {
    try {
      await api("POST", "/api/v1/delegations", { supervisor_id: S.me.employee_id, acting_id: +who.value, kind: kind.value, valid_from: from.value, valid_to: to.value });
      out.className = ""; out.textContent = tr("kin.deleg.saved"); load();
    } catch (x) { out.className = "err"; out.textContent = errText(x); }
  };
  load();
  return el("details", { class: "card", id: "dg-card" }, [el("summary", {}, [el("b", {}, [tr("kin.deleg.title")])]), el("p", { class: "mut" }, [tr("kin.deleg.body")]),
    el("label", { for: "dg-who" }, [tr("kin.col.name")]), who, el("label", { for: "dg-kind" }, [tr("kin.deleg.kind")]), kind,
    el("div", { class: "grid2" }, [el("div", {}, [el("label", { for: "dg-from" }, [tr("kin.deleg.from")]), from]), el("div", {}, [el("label", { for: "dg-to" }, [tr("kin.deleg.to")]), to])]),
    el("button", { class: "btn", type: "button", id: "dg-send", onclick: send }, [tr("kin.deleg.send")]), out, list]);
}
