import staticAdapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { addEarlyWorker } from './scripts/early-worker.js';

/** adapter-static, then the inline script that starts the data worker early (scripts/early-worker.js). */
function adapter(options) {
  const inner = staticAdapter(options);
  return {
    ...inner,
    async adapt(builder) {
      await inner.adapt(builder);
      addEarlyWorker(options.pages ?? 'build');
    }
  };
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ fallback: 'index.html', precompress: false }),
    // workbox-window registers the service worker (src/lib/pwa) so the page can offer "reload for the new version".
    serviceWorker: { register: false },
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self', 'wasm-unsafe-eval'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        // Narrowed to 'self' plus the configured live sync server by the policy src/app.html adds before any
        // other script runs (a static policy cannot name a server the user chooses later; see the README).
        'connect-src': ['self', 'https:', 'http:'],
        'worker-src': ['self', 'blob:'],
        'font-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['none']
      }
    }
  }
};
export default config;
