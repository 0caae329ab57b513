"use strict";
// Hadir service worker: precaches the shell (the hashed asset URLs that
// index.html names, written in by the server at start) and serves it
// cache-first. A screen's module (the other hashed assets, LAZY) is cached
// the first time it is fetched and kept across versions while its name is
// still current. API calls always go to the network and are never cached.
const VERSION = "hadir-%VERSION%";
const MODS = "hadir-mods";
const SHELL = [/*SHELL*/];
const LAZY = [/*LAZY*/];

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(VERSION).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

// prune drops the modules of earlier versions (their hashed names are no
// longer in LAZY).
async function prune() {
  const c = await caches.open(MODS), keep = new Set(LAZY);
  for (const r of await c.keys()) if (!keep.has(new URL(r.url).pathname)) await c.delete(r);
}

self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys()
    .then((ks) => Promise.all(ks.filter((k) => k !== VERSION && k !== MODS).map((k) => caches.delete(k))))
    .then(prune)
    .then(() => self.clients.claim()));
});

async function lazy(r) {
  const hit = await caches.match(r);
  if (hit) return hit;
  const res = await fetch(r);
  if (res.ok) {
    const copy = res.clone();
    caches.open(MODS).then((c) => c.put(r, copy)).catch(() => {});
  }
  return res;
}

self.addEventListener("fetch", (e) => {
  const r = e.request, u = new URL(r.url);
  if (r.method !== "GET" || u.origin !== location.origin || u.pathname.startsWith("/api/")) return;
  if (r.mode === "navigate") {
    e.respondWith(caches.match("/", { cacheName: VERSION }).then((m) => m || fetch(r)));
    return;
  }
  if (LAZY.includes(u.pathname)) {
    e.respondWith(lazy(r));
    return;
  }
  e.respondWith(caches.match(r, { cacheName: VERSION }).then((m) => m || fetch(r)));
});

// Web Push (docs/PUSH.md): every push shows a notification, whatever the
// app's state — iOS revokes a subscription that pushes silently. The
// payload is {title, body, url, tag}; a newer one with the same tag
// replaces the older.
self.addEventListener("push", (e) => {
  let n = {};
  try { n = e.data ? e.data.json() : {}; } catch (x) { n = { body: e.data ? e.data.text() : "" }; }
  e.waitUntil(self.registration.showNotification(n.title || "Hadir", {
    body: n.body || "", tag: n.tag || undefined, renotify: !!n.tag, icon: "/assets/icon-192.png",
    badge: "/assets/icon-192.png", data: { url: n.url || "/" },
  }));
});

// A click opens the notification's deep link (same origin only): in an
// open window of the app if there is one, else in a new one.
self.addEventListener("notificationclick", (e) => {
  e.notification.close();
  let url = new URL((e.notification.data && e.notification.data.url) || "/", location.origin);
  if (url.origin !== location.origin) url = new URL("/", location.origin);
  e.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(async (ws) => {
    for (const w of ws) {
      if (new URL(w.url).origin !== location.origin) continue;
      const to = w.url === url.href ? w : await w.navigate(url.href).catch(() => null);
      if (to) return to.focus().catch(() => to);
    }
    return self.clients.openWindow(url.href);
  }));
});
