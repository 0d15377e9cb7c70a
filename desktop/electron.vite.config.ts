// Builds the three parts of the desk: main and preload for Electron, and the renderer, which is
// also served by the server at /desk/ (so: relative asset paths, one self-contained folder).
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/** Where `npm run dev` proxies the API, so the dev renderer talks to it as same-origin /trpc. */
const devServer = process.env.CAU_SERVER_URL ?? 'http://localhost:3000';

/**
 * While developing, Vite injects component styles as <style> elements and talks to its HMR server
 * over a WebSocket: the page's own policy is relaxed for exactly that, and only in `dev`.
 */
const devPolicy: Plugin = {
  name: 'cau-desk-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:*"),
};

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot be an ES module: one CommonJS file that requires only `electron`.
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    base: './',
    plugins: [vue(), devPolicy],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      minify: true,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
    server: {
      proxy: { '/trpc': { target: devServer, changeOrigin: true } },
    },
  },
});
