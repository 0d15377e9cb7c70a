// Builds the knowledge base's lazy part of the widget (src/kb/lazy.ts: FAQ screen, suggestions,
// article reader with marked and DOMPurify) into widget/dist/cau-atendimento-kb.js, self-contained.
// Runs after vite.config.ts (it keeps that build's output). It carries its own copy of Lit: the
// elements it defines do not depend on the main module's classes.
import { defineConfig } from 'vite';
import { minifyTemplates } from './build/minify-templates.ts';

export default defineConfig({
  plugins: [minifyTemplates()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    sourcemap: false,
    lib: {
      entry: 'src/kb/lazy.ts',
      formats: ['es'],
      fileName: () => 'cau-atendimento-kb.js',
    },
    rolldownOptions: {
      output: { codeSplitting: false, minify: true },
      treeshake: { moduleSideEffects: (id) => !/[\\/]shared[\\/]src[\\/]/.test(id) },
    },
  },
});
