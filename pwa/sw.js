"use strict";
// Hadir service worker: precaches the shell (hashed asset URLs written in by
// the server at start) and serves it cache-first; API calls always go to the
// network and are never cached.
const VERSION = "hadir-%VERSION%";
const SHELL = [/*SHELL*/];

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(VERSION).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys()
    .then((ks) => Promise.all(ks.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (e) => {
  const r = e.request, u = new URL(r.url);
  if (r.method !== "GET" || u.origin !== location.origin || u.pathname.startsWith("/api/")) return;
  if (r.mode === "navigate") {
    e.respondWith(caches.match("/", { cacheName: VERSION }).then((m) => m || fetch(r)));
    return;
  }
  e.respondWith(caches.match(r, { cacheName: VERSION }).then((m) => m || fetch(r)));
});
