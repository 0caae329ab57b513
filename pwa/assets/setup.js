// First run: the one-time setup link names the regency and its first BKD
// administrator.
import { S, el, card, render, api, errText } from "/assets/lib.js";

export function setupForm(token) {
  const t = S.t;
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
