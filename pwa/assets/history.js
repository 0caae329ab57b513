// The month's attendance: a calendar of the engine's day codes with each
// day's explanation, and the month's recap.
import { S, el, card, render, api, errCard } from "/assets/lib.js";

let month = new Date().toISOString().slice(0, 7);

export async function historyScreen() {
  const t = S.t;
  S.view = "history";
  render([card([el("p", {}, [t["loading"]])])]);
  let d;
  try { d = await api("GET", "/api/v1/employees/" + S.me.employee_id + "/days?month=" + month + "&lang=" + S.lang); }
  catch (x) { return errCard(x); }
  if (S.view !== "history") return;
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
