// The workbench's service worker (/app/sw.js): keeps the app shell (the page and its hashed assets)
// in the Cache Storage so the workbench opens without a connection. Pages are network-first (a new
// build is picked up as soon as the server answers), hashed assets cache-first (their names change
// with their content). API calls are never touched: the report queue lives in IndexedDB and is sent
// by the page itself (Background Sync is not available everywhere, headless Chromium included).

// The web program is type-checked with the DOM library; the few service-worker types used here are
// declared locally rather than mixing in the WebWorker library, whose globals conflict with DOM's.
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface ServiceWorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

// Both replaced at build time (web/vite.config.mts): the shell's URLs and an id of the build.
declare const __WORKBENCH_PRECACHE__: string[];
declare const __WORKBENCH_BUILD__: string;

const scope = self as unknown as ServiceWorkerScope;
const CACHE_PREFIX = 'workbench-shell-';
const CACHE = `${CACHE_PREFIX}${__WORKBENCH_BUILD__}`;
const SHELL = '/app/';

scope.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `cache: 'reload'` so the shell comes from the server, not from the HTTP cache.
      await cache.addAll(__WORKBENCH_PRECACHE__.map((url) => new Request(url, { cache: 'reload' })));
      await scope.skipWaiting();
    })(),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await scope.clients.claim();
    })(),
  );
});

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin || !url.pathname.startsWith('/app/') || url.pathname === '/app/sw.js') return;

  if (request.mode === 'navigate') {
    // Every deep link (/app/cases/…) is the same page: answer offline with the cached shell.
    event.respondWith(
      (async () => {
        try {
          const fresh = await fetch(request);
          if (fresh.ok) {
            const cache = await caches.open(CACHE);
            await cache.put(SHELL, fresh.clone());
          }
          return fresh;
        } catch {
          const cached = await caches.match(SHELL, { cacheName: CACHE });
          return cached ?? Response.error();
        }
      })(),
    );
    return;
  }

  if (url.pathname.startsWith('/app/assets/')) {
    event.respondWith(
      (async () => {
        const cached = await caches.match(request, { cacheName: CACHE });
        if (cached) return cached;
        const fresh = await fetch(request);
        if (fresh.ok) {
          const cache = await caches.open(CACHE);
          await cache.put(request, fresh.clone());
        }
        return fresh;
      })(),
    );
  }
});

// A module, so the declarations above stay local to this file; the built sw.js has no exports.
export {};
