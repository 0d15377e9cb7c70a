// A build-only plugin that squeezes the whitespace out of Lit's css`` and html`` templates, which
// the JS minifier leaves alone (they are strings to it). Runs after the TypeScript transform, on the
// widget's own modules; template text is rewritten only where whitespace cannot matter.
import type { Plugin } from 'vite';

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function* walk(node: unknown): Generator<Node> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) yield* walk(child);
    return;
  }
  const n = node as Node;
  if (typeof n.type === 'string') yield n;
  for (const key of Object.keys(n)) {
    if (key !== 'type' && key !== 'start' && key !== 'end') yield* walk(n[key]);
  }
}

export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

/**
 * A newline and the indentation around it become one space: exactly what HTML's whitespace collapsing
 * would render, so spacing between inline elements is kept. (No template holds preformatted text.)
 */
export function minifyHtml(text: string): string {
  return text.replace(/[ \t]*\n\s*/g, ' ');
}

export function minifyTemplates(): Plugin {
  return {
    name: 'cau:minify-lit-templates',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      if (!/[\\/]widget[\\/]src[\\/].*\.ts$/.test(id) || !/\b(css|html)`/.test(code)) return null;
      const ast = this.parse(code) as unknown;
      const edits: { start: number; end: number; text: string }[] = [];
      for (const node of walk(ast)) {
        if (node.type !== 'TaggedTemplateExpression') continue;
        const tag = node.tag as Node & { name?: string };
        if (tag.type !== 'Identifier' || (tag.name !== 'css' && tag.name !== 'html')) continue;
        const quasis = (node.quasi as { quasis: (Node & { value: { raw: string } })[] }).quasis;
        for (const quasi of quasis) {
          const raw = quasi.value.raw;
          const text = tag.name === 'css' ? minifyCss(raw) : minifyHtml(raw);
          if (text === raw) continue;
          const start = code.indexOf(raw, quasi.start);
          if (start < 0 || start > quasi.end) continue;
          edits.push({ start, end: start + raw.length, text });
        }
      }
      if (edits.length === 0) return null;
      edits.sort((a, b) => b.start - a.start);
      let out = code;
      for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      return { code: out, map: null };
    },
  };
}
