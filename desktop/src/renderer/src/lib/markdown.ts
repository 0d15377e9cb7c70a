// Article bodies (Markdown) as Vue nodes for the editor's preview, the way the widget shows them:
// marked's lexer splits the text into tokens, each becomes a VNode, text is always text (raw HTML in
// the Markdown is shown as written) and only http(s), mailto and in-page links survive.
import { Lexer, type Token, type Tokens } from 'marked';
import { h, type VNode } from 'vue';

type Child = VNode | string;
const SAFE_LINK = /^(https?:|mailto:|#)/i;

function inline(tokens: Token[] | undefined): Child[] {
  return (tokens ?? []).map(inlineToken);
}

function inlineToken(token: Token): Child {
  const t = token as Tokens.Generic;
  switch (t.type) {
    case 'strong': return h('strong', inline(t.tokens));
    case 'em': return h('em', inline(t.tokens));
    case 'del': return h('del', inline(t.tokens));
    case 'codespan': return h('code', String(t.text ?? ''));
    case 'br': return h('br');
    case 'link': {
      const href = String(t.href ?? '');
      return SAFE_LINK.test(href) ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, inline(t.tokens)) : h('span', inline(t.tokens));
    }
    case 'image': return String(t.text ?? '');
    case 'text': return t.tokens ? h('span', inline(t.tokens)) : String(t.text ?? '');
    case 'escape': return String(t.text ?? '');
    default: return String(t.raw ?? '');
  }
}

function block(token: Token): Child | null {
  const t = token as Tokens.Generic;
  switch (t.type) {
    case 'space':
    case 'def': return null;
    case 'paragraph': return h('p', inline(t.tokens));
    case 'heading': return h(`h${Math.min(6, Math.max(3, Number(t.depth) + 2))}`, inline(t.tokens));
    case 'list':
      return h(t.ordered ? 'ol' : 'ul', (t.items as Tokens.ListItem[]).map((item) =>
        h('li', item.tokens.map((child) => (child.type === 'text' ? inlineToken(child) : block(child))).filter((c): c is Child => c !== null))));
    case 'blockquote': return h('blockquote', (t.tokens ?? []).map(block).filter((c): c is Child => c !== null));
    case 'code': return h('pre', [h('code', String(t.text ?? ''))]);
    case 'hr': return h('hr');
    case 'table': {
      const table = t as unknown as Tokens.Table;
      return h('table', [
        h('thead', [h('tr', table.header.map((cell) => h('th', inline(cell.tokens))))]),
        h('tbody', table.rows.map((row) => h('tr', row.map((cell) => h('td', inline(cell.tokens)))))),
      ]);
    }
    default: return h('p', String(t.raw ?? ''));
  }
}

export function markdownNodes(markdown: string): Child[] {
  return new Lexer({ gfm: true }).lex(markdown).map(block).filter((c): c is Child => c !== null);
}
