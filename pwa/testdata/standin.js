// TEST-ONLY stand-ins for WebKitGTK, which has no WebAuthn (no
// navigator.credentials, no PublicKeyCredential) and no way for WebDriver to
// set a position. pwa/webkit_test.go injects this file into the page after
// every load; the app never serves it (it is not under pwa/assets and not
// embedded in the binary: TestStandinNotShipped). docs/PWA.md, "WebKit".
//
// navigator.credentials: a platform authenticator made of page script. It
// keeps a WebCrypto P-256 key per passkey in its own IndexedDB database
// ("hadir-test-authenticator"), so passkeys survive reloads like the app's
// own data, and window.__hadirStandin.exportAll/importAll copy them to
// another browser as a synced passkey travels. It builds the real bytes a
// synced passkey (iCloud Keychain) sends: clientDataJSON, authenticatorData
// (RP ID hash, flags UP|UV|BE|BS, sign count 0, attested credential data
// with a COSE ES256 key), an attestation object of format "none" in CBOR,
// and DER ECDSA signatures over authenticatorData ‖ SHA-256(clientDataJSON).
// The server verifies all of it with go-webauthn as it would a phone's.
//
// localStorage "hadir-test.uv" = "0": the user fails verification: an
// assertion is made without the UV flag (the server must refuse it) and a
// registration throws NotAllowedError, as Safari does after a failed Face ID.
//
// navigator.geolocation: answers from localStorage "hadir-test.position":
// {"lat","lon","accuracy"}, or {"error":1|2|3} (denied, unavailable,
// timeout), with no entry meaning unavailable.
(() => {
  "use strict";
  if (window.__hadirStandin) return;

  const bytes = (x) => x instanceof ArrayBuffer ? new Uint8Array(x) : new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const b64u = (x) => btoa(String.fromCharCode(...bytes(x))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const cat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let i = 0;
    for (const p of parts) { out.set(p, i); i += p.length; }
    return out;
  };
  const sha256 = async (b) => new Uint8Array(await crypto.subtle.digest("SHA-256", b));
  const notAllowed = (msg) => new DOMException(msg, "NotAllowedError");

  // CBOR (RFC 8949), the subset WebAuthn needs: integers, byte and text
  // strings, maps.
  function head(major, n) {
    if (n < 24) return Uint8Array.of((major << 5) | n);
    if (n < 256) return Uint8Array.of((major << 5) | 24, n);
    return Uint8Array.of((major << 5) | 25, n >> 8, n & 255);
  }
  function cbor(v) {
    if (typeof v === "number") return v >= 0 ? head(0, v) : head(1, -1 - v);
    if (typeof v === "string") { const b = new TextEncoder().encode(v); return cat(head(3, b.length), b); }
    if (v instanceof Uint8Array) return cat(head(2, v.length), v);
    if (v instanceof Map) return cat(head(5, v.size), ...[...v].flatMap(([k, x]) => [cbor(k), cbor(x)]));
    throw new TypeError("cbor: unsupported value");
  }

  // DER form of a WebCrypto ECDSA signature (raw r ‖ s, IEEE P1363).
  function der(raw) {
    const int = (b) => {
      let i = 0;
      while (i < b.length - 1 && b[i] === 0) i++;
      b = b.slice(i);
      if (b[0] & 0x80) b = cat(Uint8Array.of(0), b);
      return cat(Uint8Array.of(2, b.length), b);
    };
    const body = cat(int(raw.slice(0, 32)), int(raw.slice(32)));
    return cat(Uint8Array.of(0x30, body.length), body);
  }

  // The authenticator's store: {id (base64url), rpId, userHandle, key}.
  function store(mode, fn) {
    return new Promise((res, rej) => {
      const r = indexedDB.open("hadir-test-authenticator", 1);
      r.onupgradeneeded = () => r.result.createObjectStore("creds", { keyPath: "id" });
      r.onerror = () => rej(r.error);
      r.onsuccess = () => {
        const tx = r.result.transaction("creds", mode), q = fn(tx.objectStore("creds"));
        tx.oncomplete = () => { r.result.close(); res(q && q.result); };
        tx.onerror = tx.onabort = () => { r.result.close(); rej(tx.error); };
      };
    });
  }
  const verified = () => localStorage.getItem("hadir-test.uv") !== "0";
  const UP = 0x01, UV = 0x04, BE = 0x08, BS = 0x10, AT = 0x40;

  async function authData(rpId, flags, attested) {
    const count = Uint8Array.of(0, 0, 0, 0); // synced passkeys keep 0
    return cat(await sha256(new TextEncoder().encode(rpId)), Uint8Array.of(flags), count, attested || new Uint8Array());
  }
  const clientData = (type, challenge) => new TextEncoder().encode(JSON.stringify({
    type, challenge: b64u(challenge), origin: location.origin, crossOrigin: false }));

  async function create(opts) {
    const o = opts && opts.publicKey;
    if (!o) throw new TypeError("publicKey options required");
    if (!verified()) throw notAllowed("user verification failed (test stand-in)");
    const rpId = (o.rp && o.rp.id) || location.hostname;
    const mine = (await store("readonly", (s) => s.getAll())).map((c) => c.id);
    for (const ex of o.excludeCredentials || []) {
      if (mine.includes(b64u(ex.id))) throw new DOMException("credential already registered", "InvalidStateError");
    }
    // Extractable: a synced passkey travels to the user's other devices
    // (exportAll, importAll below). The app's own device key is the non-extractable one.
    const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
    const pub = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey)); // 04 ‖ x ‖ y
    const id = crypto.getRandomValues(new Uint8Array(16));
    const cose = cbor(new Map([[1, 2], [3, -7], [-1, 1], [-2, pub.slice(1, 33)], [-3, pub.slice(33, 65)]]));
    const attested = cat(new Uint8Array(16), Uint8Array.of(0, id.length), id, cose); // AAGUID 0 (attestation none)
    const ad = await authData(rpId, UP | UV | BE | BS | AT, attested);
    const att = cbor(new Map([["fmt", "none"], ["attStmt", new Map()], ["authData", ad]]));
    await store("readwrite", (s) => s.put({ id: b64u(id), rpId, userHandle: bytes(o.user.id).slice(), key: pair.privateKey }));
    const cd = clientData("webauthn.create", o.challenge);
    return credential(id, { clientDataJSON: cd.buffer, attestationObject: att.buffer, getTransports: () => ["internal", "hybrid"] });
  }

  async function get(opts) {
    const o = opts && opts.publicKey;
    if (!o) throw new TypeError("publicKey options required");
    const rpId = o.rpId || location.hostname;
    const allow = (o.allowCredentials || []).map((c) => b64u(c.id));
    const c = (await store("readonly", (s) => s.getAll())).find((x) => x.rpId === rpId && (!allow.length || allow.includes(x.id)));
    if (!c) throw notAllowed("no passkey for " + rpId + " (test stand-in)");
    const ad = await authData(rpId, UP | (verified() ? UV : 0) | BE | BS);
    const cd = clientData("webauthn.get", o.challenge);
    const raw = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, c.key, cat(ad, await sha256(cd))));
    const id = Uint8Array.from(atob(c.id.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));
    return credential(id, { clientDataJSON: cd.buffer, authenticatorData: ad.buffer, signature: der(raw).buffer, userHandle: c.userHandle.buffer });
  }

  function credential(id, response) {
    return { id: b64u(id), rawId: id.buffer, type: "public-key", authenticatorAttachment: "platform", response,
      getClientExtensionResults: () => ({}) };
  }

  // ---------- position ----------
  const watches = new Map();
  let nextWatch = 1;
  function getCurrentPosition(ok, fail) {
    setTimeout(() => {
      const s = JSON.parse(localStorage.getItem("hadir-test.position") || '{"error":2}');
      if (s.error) {
        if (fail) fail({ code: s.error, message: ["", "User denied Geolocation", "Position unavailable", "Timeout"][s.error],
          PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 });
        return;
      }
      ok({ timestamp: Date.now(), coords: { latitude: s.lat, longitude: s.lon, accuracy: s.accuracy || 12,
        altitude: null, altitudeAccuracy: null, heading: null, speed: null } });
    }, 20);
  }
  function watchPosition(ok, fail, o) {
    const id = nextWatch++;
    watches.set(id, setInterval(() => getCurrentPosition(ok, fail, o), 1000));
    getCurrentPosition(ok, fail, o);
    return id;
  }
  function clearWatch(id) { clearInterval(watches.get(id)); watches.delete(id); }

  // Sync, as iCloud Keychain would: exportAll() on one browser gives what
  // importAll() takes on another (JSON: id, rpId, userHandle, private JWK).
  async function exportAll() {
    const all = await store("readonly", (s) => s.getAll());
    return JSON.stringify(await Promise.all(all.map(async (c) => ({ id: c.id, rpId: c.rpId, userHandle: b64u(c.userHandle),
      jwk: await crypto.subtle.exportKey("jwk", c.key) }))));
  }
  async function importAll(json) {
    for (const c of JSON.parse(json)) {
      const key = await crypto.subtle.importKey("jwk", c.jwk, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
      const userHandle = Uint8Array.from(atob(c.userHandle.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));
      await store("readwrite", (s) => s.put({ id: c.id, rpId: c.rpId, userHandle, key }));
    }
    return "imported";
  }
  window.__hadirStandin = { exportAll, importAll };

  Object.defineProperty(navigator, "credentials", { configurable: true, value: { create, get } });
  Object.defineProperty(navigator, "geolocation", { configurable: true, value: { getCurrentPosition, watchPosition, clearWatch } });
})();
