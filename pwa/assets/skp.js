// The employee's SKP of the year: RHK utama/tambahan, each optionally
// supporting one of the supervisor's RHK, with indicator and target; save,
// submit, or start from last year's. Never blocked by the supervisor's SKP.
import { S, el, card, render, fmt, tr, api, errText, errCard } from "/assets/lib.js";

let year = new Date().getFullYear();

export async function skpScreen(msg) {
  S.view = "skp";
  let v;
  try { v = await api("GET", "/api/v1/kinerja/skp/" + year); } catch (x) { return errCard(x); }
  if (S.view !== "skp") return;
  const k = v.skp, open = k.status === "draft" || k.status === "returned";
  const out = el("p", { class: "err", role: "alert", id: "smsg" }, [msg || ""]);
  const rows = el("div", { id: "rhks" });
  const add = (r) => rows.append(rhkEditor(r || { kind: "utama", text: "", indicator: "", target_qty: 1, target_unit: "dokumen" }, v.supervisor_rhks, open));
  (k.rhks.length ? k.rhks : open ? [null] : []).forEach(add);
  const run = (fn) => async () => { out.textContent = ""; try { await fn(); skpScreen(tr("skp.saved")); } catch (x) { out.textContent = errText(x); } };
  const save = () => api("PUT", "/api/v1/kinerja/skp/" + year, { rhks: [...rows.children].map((r) => r.read()) });
  const step = (n) => () => { year += n; skpScreen(); };
  render([card([
    el("div", { class: "row" }, [el("button", { class: "btn sec", type: "button", onclick: step(-1), "aria-label": tr("skp.prev") }, ["‹"]),
      el("h2", {}, [fmt("skp.title", { year })]), el("button", { class: "btn sec", type: "button", onclick: step(1), "aria-label": tr("skp.next") }, ["›"])]),
    el("p", { id: "skp-status" }, [tr("skp.st." + k.status) + (k.comment ? " · “" + k.comment + "”" : "")]),
    v.supervisor_rhks.length ? null : el("p", { class: "mut" }, [tr("skp.noParent")]),
  ]), rows,
  open ? card([el("button", { class: "btn sec", type: "button", id: "skp-add", onclick: () => add() }, [tr("skp.add")]),
    el("div", { class: "acts" }, [el("button", { class: "btn", type: "button", id: "skp-save", onclick: run(save) }, [tr("skp.save")]),
      el("button", { class: "btn", type: "button", id: "skp-submit", onclick: run(async () => { await save(); await api("POST", "/api/v1/kinerja/skp/" + year + "/submit"); }) }, [tr("skp.submit")])]),
    k.id ? null : el("button", { class: "link", type: "button", id: "skp-copy", onclick: run(() => api("POST", "/api/v1/kinerja/skp/" + year + "/copy")) }, [tr("skp.copy")]), out]) : out,
  el("p", {}, [el("a", { href: "#", class: "link", onclick: (e) => { e.preventDefault(); S.go("kinerja"); } }, [tr("skp.back")])])]);
}

// rhkEditor is one RHK's fields; its read() gives the RHK to save.
function rhkEditor(r, parents, open) {
  const t = S.t, dis = !open;
  const kind = el("select", { "aria-label": t["skp.kind"], disabled: dis }, ["utama", "tambahan"].map((x) => el("option", { value: x, selected: r.kind === x }, [t["skp.kind." + x]])));
  const text = el("textarea", { rows: 2, "aria-label": t["skp.text"], placeholder: t["skp.text"], disabled: dis }, [r.text]);
  const parent = el("select", { "aria-label": t["skp.parent"], disabled: dis }, [el("option", { value: "" }, [t["skp.noLink"]])].concat(
    parents.map((p) => el("option", { value: p.id, selected: r.parent_id === p.id }, [p.text]))));
  const ind = el("input", { "aria-label": t["skp.indicator"], placeholder: t["skp.indicator"], value: r.indicator, disabled: dis });
  const qty = el("input", { type: "number", min: "0", step: "any", "aria-label": t["skp.target"], value: r.target_qty, disabled: dis });
  const unit = el("input", { "aria-label": t["skp.unit"], value: r.target_unit, disabled: dis });
  const box = card([el("div", { class: "grid2" }, [kind, parent]), text, ind, el("div", { class: "grid2" }, [qty, unit]),
    open ? el("button", { class: "link", type: "button", onclick: () => box.remove() }, [t["skp.remove"]]) : null], { class: "card rhk" });
  box.read = () => ({ id: r.id || 0, kind: kind.value, text: text.value, parent_id: parent.value ? +parent.value : null, indicator: ind.value, target_qty: +qty.value, target_unit: unit.value });
  return box;
}
