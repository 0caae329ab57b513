// Enrolment with an activation code, and the new-phone sign-in with a
// synced passkey (its device key waits for the supervisor's approval).
import { S, el, card, render, api, errText, kvPut, createOpts, getOpts, challengeOf, credJSON, newDeviceKey, sign, label, persist, app } from "/assets/lib.js";

export function enrolScreen(msg) {
  const t = S.t;
  const err = el("p", { class: "err", role: "alert" }, [msg || ""]);
  const code = el("input", { id: "code", required: true, autocomplete: "one-time-code", autocapitalize: "characters", spellcheck: "false", inputmode: "text" });
  const form = el("form", {}, [el("label", { for: "code" }, [t["enrol.code"]]), code,
    el("button", { class: "btn", type: "submit", id: "enrol" }, [t["enrol.submit"]]), err]);
  form.onsubmit = async (e) => {
    e.preventDefault();
    if (S.busy) return;
    S.busy = true; err.textContent = t["enrol.working"];
    try {
      const c = code.value.trim().toUpperCase().replace(/\s+/g, "");
      const start = await api("POST", "/api/v1/enrol/options", { code: c });
      let cred;
      try { cred = await navigator.credentials.create({ publicKey: createOpts(start.options) }); }
      catch (x) { throw new Error(x.name === "NotAllowedError" ? t["err.uv"] : t["enrol.passkeyFailed"] + " (" + x.name + ")"); }
      const k = await newDeviceKey();
      const res = await api("POST", "/api/v1/enrol", { code: c, credential: credJSON(cred), device_key: k.raw,
        device_sig: await sign(k.priv, "hadir-enrol/v1\n" + challengeOf(start.options)), label: label() });
      await keepDevice(res, k, cred);
      S.busy = false;
      return S.start0();
    } catch (x) { err.textContent = errText(x); }
    S.busy = false;
  };
  const login = el("button", { class: "btn sec", type: "button", id: "login" }, [t["login.button"]]);
  login.onclick = passkeyLogin;
  render([card([el("h2", {}, [t["enrol.title"]]), el("p", {}, [t["enrol.body"]]), form]),
    card([el("h2", {}, [t["login.title"]]), el("p", {}, [t["login.body"]]), login, el("p", { class: "mut" }, [t["login.lost"]])])]);
}

async function keepDevice(res, k, cred) {
  S.dev = { keyId: (res.device && res.device.key_id) || k.keyId, priv: k.priv, raw: k.raw, credId: cred.id, status: (res.device && res.device.status) || "active" };
  await kvPut("device", S.dev);
  persist();
}

async function passkeyLogin() {
  if (S.busy) return;
  S.busy = true;
  const out = app.querySelector(".err") || {};
  try {
    const o = await api("POST", "/api/v1/auth/passkey/options", {});
    let cred;
    try { cred = await navigator.credentials.get({ publicKey: getOpts(o.options) }); }
    catch (x) { throw new Error(S.t["login.failed"]); }
    const k = S.dev && S.dev.priv ? S.dev : await newDeviceKey();
    const res = await api("POST", "/api/v1/auth/passkey", { credential: credJSON(cred), device_key: k.raw,
      device_sig: await sign(k.priv, "hadir-login/v1\n" + challengeOf(o.options)), label: label() });
    await keepDevice(res, k, cred);
    S.busy = false;
    return S.start0();
  } catch (x) { out.textContent = errText(x); }
  S.busy = false;
}
