// E-kinerja for the employee: the month's progress bar, the day's entries,
// "repeat yesterday", frequent activities and catalogue search, submit per
// day or week. Every tap is one small request (docs/KINERJA.md).
import { S, el, card, render, fmt, tr, api, errText, errCard, ymd } from "/assets/lib.js";

let day = null; // the day shown, YYYY-MM-DD
const addDays = (s, n) => { const d = new Date(s + "T12:00:00"); d.setDate(d.getDate() + n); return ymd(d); };
const weekStart = (s) => { const d = new Date(s + "T12:00:00"); return addDays(s, -((d.getDay() + 6) % 7)); };
const num = (n) => Number(n).toLocaleString(S.lang === "id" ? "id-ID" : "en-GB");

export async function kinerjaScreen(msg) {
  S.view = "kinerja";
  const today = ymd(new Date());
  if (!day || day > today) day = today;
  let prog, list, skp, freq;
  try {
    [prog, list, skp, freq] = await Promise.all([
      api("GET", "/api/v1/kinerja/progress?month=" + day.slice(0, 7)),
      api("GET", "/api/v1/kinerja/entries?from=" + day + "&to=" + day),
      api("GET", "/api/v1/kinerja/skp/" + day.slice(0, 4)),
      api("GET", "/api/v1/kinerja/frequent").catch(() => ({ items: [] })),
    ]);
  } catch (x) { return errCard(x); }
  if (S.view !== "kinerja") return;
  const rhks = skp.skp.rhks || [], out = el("p", { class: "err", role: "alert", id: "kmsg" }, [msg || ""]);
  const act = (fn) => async () => { out.textContent = ""; try { await fn(); kinerjaScreen(); } catch (x) { out.textContent = errText(x); } };
  render([
    progressCard(prog),
    dayCard(list.items || [], today, out, act),
    rhks.length ? quickCard(freq.items || [], rhks, act) : card([el("p", {}, [tr("kin.noSkp")]), el("button", { class: "btn", type: "button", id: "open-skp", onclick: () => S.go("skp") }, [tr("kin.planSkp")])]),
    rhks.length ? formCard(rhks, out) : null,
    el("p", {}, [el("a", { href: "#", class: "link", id: "open-skp-link", onclick: (e) => { e.preventDefault(); S.go("skp"); } }, [tr("kin.skpLink")])]),
  ]);
}

function progressCard(p) {
  const pct = Math.min(100, p.pct || 0);
  return card([el("h2", {}, [tr("kin.month")]),
    el("div", { class: "bar", role: "progressbar", "aria-valuenow": pct, "aria-valuemin": 0, "aria-valuemax": 100, id: "kbar" }, [el("span", { style: "width:" + pct + "%" })]),
    el("p", { id: "kprog" }, [fmt("kin.progress", { done: num(p.approved_min), need: num(p.minutes), pct: pct })]),
    el("p", { class: "mut" }, [fmt("kin.left", { left: num(p.left_min), sub: num(p.submitted_min), draft: num(p.draft_min), days: p.required_days })])]);
}

function dayCard(items, today, out, act) {
  const drafts = items.filter((e) => e.status === "draft").length;
  const total = items.reduce((n, e) => n + (e.status === "returned" ? 0 : e.minutes), 0);
  const rows = items.map((e) => el("li", { class: "entry " + e.status }, [
    el("span", {}, [e.what + " · " + num(e.volume) + " " + e.unit + " · " + fmt("kin.min", { n: e.minutes })]),
    el("small", { class: "st" }, [tr("kin.st." + e.status) + (e.warning ? " · " + tr("kin.warn." + e.warning) : "") + (e.comment ? " · “" + e.comment + "”" : "")]),
    e.evidence_file ? el("a", { href: "/api/v1/kinerja/entries/" + e.id + "/evidence", target: "_blank", rel: "noopener", class: "ev" }, [tr("kin.evidenceShort")]) : null,
    e.status === "draft" || e.status === "returned" ? el("button", { class: "x", type: "button", "aria-label": tr("kin.delete"), onclick: act(() => api("DELETE", "/api/v1/kinerja/entries/" + e.id)) }, ["×"]) : null]));
  const step = (n) => () => { day = addDays(day, n); kinerjaScreen(); };
  return card([
    el("div", { class: "row" }, [el("button", { class: "btn sec", type: "button", "aria-label": tr("kin.prevDay"), onclick: step(-1) }, ["‹"]),
      el("h2", { id: "kday" }, [day === today ? tr("kin.today") : new Date(day + "T12:00:00").toLocaleDateString(S.lang === "id" ? "id-ID" : "en-GB", { weekday: "short", day: "numeric", month: "short" })]),
      el("button", { class: "btn sec", type: "button", "aria-label": tr("kin.nextDay"), onclick: step(1), disabled: day >= today }, ["›"])]),
    el("p", { class: "mut", id: "ktotal" }, [fmt("kin.dayTotal", { n: num(total), count: items.length })]),
    items.length ? el("ul", { class: "entries", id: "kentries" }, rows) : null,
    el("div", { class: "acts" }, [
      el("button", { class: "btn sec", type: "button", id: "repeat", onclick: act(() => api("POST", "/api/v1/kinerja/entries/repeat", { date: day })) }, [tr("kin.repeat")]),
      el("button", { class: "btn", type: "button", id: "submit-day", disabled: !drafts, onclick: act(() => api("POST", "/api/v1/kinerja/entries/submit", { from: day, to: day })) }, [fmt("kin.submitDay", { n: drafts })])]),
    el("button", { class: "link", type: "button", id: "submit-week", onclick: act(() => api("POST", "/api/v1/kinerja/entries/submit", { from: weekStart(day), to: day })) }, [tr("kin.submitWeek")]),
    out]);
}

// quickCard: the frequent activities, one tap each (logged as a draft on
// the day shown).
function quickCard(freq, rhks, act) {
  const known = new Set(rhks.map((r) => r.id));
  const chips = freq.filter((f) => known.has(f.rhk_id)).map((f) => el("button", { class: "chip", type: "button", onclick: act(() => api("POST", "/api/v1/kinerja/entries",
    { date: day, rhk_id: f.rhk_id, activity_id: f.activity_id || null, what: f.what, volume: f.volume, unit: f.unit, minutes: f.activity_id ? 0 : f.minutes })) },
  [f.what + " · " + num(f.volume) + " " + f.unit]));
  return chips.length ? card([el("h3", {}, [tr("kin.frequent")]), el("div", { class: "chips", id: "kfreq" }, chips)]) : null;
}

// formCard: a new entry; the catalogue search fills unit and minutes.
function formCard(rhks, out) {
  const t = S.t;
  let picked = null;
  const rhk = el("select", { id: "krhk" }, rhks.map((r) => el("option", { value: r.id }, [r.text])));
  const q = el("input", { id: "kq", type: "search", placeholder: t["kin.search"], "aria-label": t["kin.search"], autocomplete: "off" });
  const hits = el("ul", { class: "hits", id: "khits" });
  const what = el("input", { id: "kwhat", "aria-label": t["kin.what"] }), vol = el("input", { id: "kvol", type: "number", min: "0", step: "any", value: "1", inputmode: "decimal" });
  const unit = el("input", { id: "kunit", value: "kegiatan" }), min = el("input", { id: "kmin", type: "number", min: "1", inputmode: "numeric" });
  const ev = el("input", { id: "kev", type: "url", placeholder: "https://", inputmode: "url" });
  const file = el("input", { id: "kfile", type: "file", accept: "image/jpeg,image/png,image/webp,application/pdf" });
  const calc = () => { if (picked) min.value = Math.round(picked.minutes * (+vol.value || 0)); };
  vol.oninput = calc;
  let timer = 0;
  q.oninput = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      hits.textContent = "";
      if (q.value.trim().length < 2) return;
      const r = await api("GET", "/api/v1/kinerja/activities?limit=8&q=" + encodeURIComponent(q.value.trim())).catch(() => ({ items: [] }));
      for (const a of r.items) hits.append(el("li", {}, [el("button", { type: "button", class: "hit", onclick: () => {
        picked = a; what.value = a.name; unit.value = a.unit; unit.disabled = true; q.value = a.code + " " + a.name; hits.textContent = ""; calc();
      } }, [a.code + " · " + a.name + " (" + fmt("kin.perUnit", { n: a.minutes, unit: a.unit }) + ")"])]));
    }, 250);
  };
  const form = el("form", {}, [el("h3", {}, [t["kin.new"]]), el("label", { for: "krhk" }, [t["kin.rhk"]]), rhk, el("label", { for: "kq" }, [t["kin.catalogue"]]), q, hits,
    el("label", { for: "kwhat" }, [t["kin.what"]]), what,
    el("div", { class: "grid3" }, [el("div", {}, [el("label", { for: "kvol" }, [t["kin.volume"]]), vol]), el("div", {}, [el("label", { for: "kunit" }, [t["kin.unit"]]), unit]),
      el("div", {}, [el("label", { for: "kmin" }, [t["kin.minutes"]]), min])]),
    el("label", { for: "kev" }, [t["kin.evidence"]]), ev,
    el("label", { for: "kfile" }, [t["kin.evidenceFile"]]), file,
    el("button", { class: "btn", type: "submit", id: "ksave" }, [t["kin.save"]])]);
  form.onsubmit = async (e) => {
    e.preventDefault();
    try {
      const made = await api("POST", "/api/v1/kinerja/entries", { date: day, rhk_id: +rhk.value, activity_id: picked ? picked.id : null, what: what.value, volume: +vol.value,
        unit: unit.value, minutes: picked && !min.value ? 0 : +min.value, evidence_url: ev.value.trim() });
      if (file.files[0]) await upload(made.id, file.files[0]);
      kinerjaScreen();
    } catch (x) { out.textContent = errText(x); const f = x.field && document.getElementById({ minutes: "kmin", volume: "kvol", what: "kwhat", date: "kday", evidence_url: "kev", evidence: "kfile" }[x.field]); if (f && f.focus) f.focus(); }
  };
  return card([form]);
}

// shrink downscales a photo in the browser (longest side 1280 px, JPEG):
// a phone's 3–5 MB picture becomes ~150 KB before it costs any quota. A
// PDF goes as it is.
async function shrink(f) {
  if (!/^image\//.test(f.type)) return f;
  const bmp = await createImageBitmap(f);
  const k = Math.min(1, 1280 / Math.max(bmp.width, bmp.height));
  const c = document.createElement("canvas");
  c.width = Math.round(bmp.width * k); c.height = Math.round(bmp.height * k);
  c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
  for (const q of [0.7, 0.5, 0.35]) {
    const b = await new Promise((res) => c.toBlob(res, "image/jpeg", q));
    if (b && b.size <= 200 * 1024) return b;
  }
  return new Promise((res) => c.toBlob(res, "image/jpeg", 0.25));
}

// upload sends the evidence file as the raw body of PUT …/evidence.
async function upload(id, f) {
  const body = await shrink(f);
  const r = await fetch("/api/v1/kinerja/entries/" + id + "/evidence", { method: "PUT", credentials: "same-origin", body,
    headers: { "Content-Type": body.type || f.type, "Accept-Language": S.lang } });
  if (!r.ok) {
    const j = await r.json().catch(() => ({}));
    throw Object.assign(new Error((j.error && j.error.message) || S.t["error.generic"]), j.error || {}, { status: r.status });
  }
}
