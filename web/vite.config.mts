// Build of the workbench (/app): React 19 + Ant Design 6 compiled by Vite 8 (oxc turns TSX into the
// automatic JSX runtime, so no React plugin is needed), served by the API process from web/dist.
// Everything it needs ships in the bundle: no CDN, no web fonts, no inline script (the API's
// Content-Security-Policy allows only this origin's files), and a service worker that caches the
// app shell so a grid worker's phone opens the report form without a connection.
import { defineConfig, type Plugin } from 'vite';

const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** Placeholder in sw/sw.ts replaced by the list of files the service worker caches. */
const MANIFEST_PLACEHOLDER = '__WORKBENCH_PRECACHE__';
/** Placeholder replaced by an id of this build, so every new build installs a new service worker. */
const BUILD_PLACEHOLDER = '__WORKBENCH_BUILD__';

/**
 * Writes the app shell's file list into sw.js once every other file of the bundle is known (like
 * Workbox's injectManifest, without the dependency). The shell is the page itself (`/app/`) and
 * every hashed asset; the API is never cached.
 */
function serviceWorkerManifest(): Plugin {
  return {
    name: 'workbench-service-worker-manifest',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const sw = bundle['sw.js'];
        if (!sw || sw.type !== 'chunk') {
          this.error('sw.js is missing from the bundle');
          return;
        }
        const files = Object.keys(bundle)
          .filter((name) => name !== 'sw.js' && name !== 'index.html' && !name.endsWith('.map'))
          .sort();
        const shell = ['/app/', ...files.map((name) => `/app/${name}`)];
        // Asset names carry content hashes, so their list identifies the build.
        let hash = 0x811c9dc5;
        for (const ch of shell.join('\n')) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
        const code = sw.code.split(MANIFEST_PLACEHOLDER).join(JSON.stringify(shell));
        sw.code = code.split(BUILD_PLACEHOLDER).join(JSON.stringify(hash.toString(16)));
        if (sw.code.includes(MANIFEST_PLACEHOLDER) || !sw.code.includes('/app/'))
          this.error('could not write the precache list into sw.js');
      },
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/app/',
  publicDir: false,
  // TSX through oxc with React's automatic runtime (react/jsx-runtime); @vitejs/plugin-react is not used.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Nothing inlined as data: URIs beyond what the CSP allows (images only): keep every asset a file.
    assetsInlineLimit: 0,
    // antd's zero-runtime stylesheet is one large file; the JS chunks are reported as they are.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // antd marks its modules "use client" (for React Server Components); irrelevant in a browser bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
      input: { index: `${webRoot}index.html`, sw: `${webRoot}sw/sw.ts` },
      output: {
        // The service worker must keep one unhashed URL (/app/sw.js) for the browser to find updates.
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  // The app imports pure rules from ../domain (ID check digit, legal actions, approval tiers).
  server: { fs: { allow: ['..'] } },
  plugins: [serviceWorkerManifest()],
});
