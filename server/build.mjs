// Compiles the server for `npm start`: one ES module, server/dist/bin/main.js (with its source map),
// that plain `node` runs. Our own code (server/src and @cau/shared, which is TypeScript source) is
// bundled by esbuild; every npm package stays an import from node_modules, as under tsx.
// The bundle sits two folders below server/, as every module of server/src does, so the paths
// modules compute from their own location (import.meta: server/engine/, the built front ends at
// the repository's root) resolve to the same places.
import { build } from 'esbuild';

const started = performance.now();
await build({
  entryPoints: [new URL('src/main.ts', import.meta.url).pathname],
  outfile: new URL('dist/bin/main.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [{
    name: 'npm-packages-external',
    setup(b) {
      // Bare imports (express, mongoose, node:*) are loaded by node at run time; only @cau/* is ours.
      b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@cau/') ? undefined : { path: args.path, external: true }));
    },
  }],
});
console.log(`server built: server/dist/bin/main.js (${Math.round(performance.now() - started)} ms)`);
