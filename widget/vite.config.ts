// Builds the widget as one self-contained ES module, widget/dist/cau-atendimento.js: Lit, the tRPC
// client and the app bundled, no code splitting, served by the server at /widget/cau-atendimento.js.
// The knowledge base (src/kb/lazy.ts) is built apart by vite.kb.config.ts and imported on first use
// from beside this module, so the first load stays small.
import { defineConfig, type Plugin } from 'vite';
import { minifyTemplates } from './build/minify-templates.ts';

/** `import('./kb/lazy')` becomes `import('./cau-atendimento-kb.js')`, resolved against this module's URL. */
function lazyKnowledgeBase(): Plugin {
  return {
    name: 'cau-lazy-kb',
    enforce: 'pre',
    resolveId(id) {
      return /(^|\/)kb\/lazy(\.ts)?$/.test(id) ? { id: './cau-atendimento-kb.js', external: true } : null;
    },
  };
}

export default defineConfig({
  plugins: [lazyKnowledgeBase(), minifyTemplates()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'cau-atendimento.js',
    },
    rolldownOptions: {
      output: { codeSplitting: false, minify: true },
      treeshake: {
        // @cau/shared is pure code (no side effects at import), but its barrel also re-exports the
        // zod schemas; declaring that lets the bundle keep only what the widget uses — without it,
        // zod alone would come along and take most of the size budget.
        moduleSideEffects: (id) => !/[\\/]shared[\\/]src[\\/]/.test(id),
      },
    },
  },
});
