/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

/**
 * Precaches the whole app so it loads and works offline after the first visit. Same-origin GETs are
 * answered from the cache first; navigations fall back to the SPA shell. A new version waits until the
 * page asks it to take over ("new version available — reload").
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `crosstalk-${version}`;
const SHELL = '/index.html';
const ASSETS = [...build, ...files, SHELL];

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
  );
});

sw.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const cached = await cache.match(request.mode === 'navigate' ? SHELL : url.pathname);
      if (cached) return cached;
      try {
        return await fetch(request);
      } catch {
        return (await cache.match(SHELL)) ?? Response.error();
      }
    })()
  );
});
