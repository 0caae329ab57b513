"use strict";
// Hadir shell: language catalogue, setup form, sign-in status. Messages come
// from i18n/<lang>.json only; server errors carry their own Indonesian text.
(function () {
  var app = document.getElementById("app");
  var lang = localStorage.getItem("hadir.lang") || "id";
  var t = {};

  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) { n.appendChild(typeof k === "string" ? document.createTextNode(k) : k); });
    return n;
  }
  function card(kids) { return el("section", { "class": "card" }, kids); }
  function api(method, path, body) {
    var opt = { method: method, credentials: "same-origin", headers: {} };
    if (body) { opt.headers["Content-Type"] = "application/json"; opt.body = JSON.stringify(body); }
    return fetch(path, opt).then(function (r) {
      if (r.status === 204) return {};
      return r.json().then(function (j) { if (!r.ok) throw j.error || {}; return j; });
    });
  }
  function render(nodes) { app.textContent = ""; nodes.forEach(function (n) { app.appendChild(n); }); }

  function setupForm(token) {
    var err = el("p", { "class": "err", role: "alert" });
    var tz = el("select", { id: "tz" }, ["WIB", "WITA", "WIT"].map(function (z) { return el("option", { value: z }, [z]); }));
    var form = el("form", {}, [
      el("label", { "for": "rn" }, [t["setup.regency"]]), el("input", { id: "rn", required: "", value: "Pemerintah Kabupaten " }),
      el("label", { "for": "tz" }, [t["setup.timezone"]]), tz,
      el("label", { "for": "an" }, [t["setup.admin"]]), el("input", { id: "an", required: "" }),
      el("button", { "class": "btn", type: "submit" }, [t["setup.submit"]]), err]);
    form.onsubmit = function (e) {
      e.preventDefault();
      api("POST", "/api/v1/setup", { token: token, regency_name: form.rn.value, timezone: tz.value, admin_name: form.an.value })
        .then(function () { location.replace("/"); })
        .catch(function (x) { err.textContent = x.message || t["error.network"]; });
    };
    render([card([el("h2", {}, [t["setup.title"]]), el("p", {}, [t["setup.body"]]), form])]);
  }

  function home() {
    api("GET", "/api/v1/me").then(function (me) {
      var out = el("button", { "class": "btn", type: "button" }, [t["logout"]]);
      out.onclick = function () { api("POST", "/api/v1/auth/logout").then(home, home); };
      render([card([el("p", { "class": "mut" }, [t["me.title"]]), el("h2", {}, [me.name]),
        el("p", {}, [t["me.roles"] + ": " + me.roles.map(function (r) { return t["role." + r] || r; }).join(", ")]), out])]);
    }).catch(function (x) {
      var failed = /masuk=gagal/.test(location.search);
      var msg = x && x.code === "unauthorized" ? (failed ? t["signin.failed"] : t["signin.needed"]) : t["error.network"];
      render([card([el("h2", {}, [t["welcome.title"]]), el("p", {}, [t["welcome.body"]]), el("p", { role: "status" }, [msg])])]);
    });
  }

  function start() {
    fetch("/i18n/" + lang + ".json").then(function (r) { return r.json(); }).then(function (cat) {
      t = cat;
      document.documentElement.lang = lang;
      var b = document.getElementById("lang");
      b.textContent = t["lang.switch"]; b.hidden = false;
      b.onclick = function () { lang = lang === "id" ? "en" : "id"; localStorage.setItem("hadir.lang", lang); start(); };
      if (location.pathname === "/setup" && location.hash.length > 1) setupForm(location.hash.slice(1));
      else home();
    });
  }
  start();
})();
