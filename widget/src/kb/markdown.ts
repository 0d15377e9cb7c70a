// Article bodies are Markdown written by staff. marked's lexer splits them into tokens, and each token
// becomes a Lit template: text always goes through Lit's escaping, raw HTML in the Markdown is shown
// as text, and links keep only http(s), mailto and in-page targets (opened in a new tab). No HTML
// string is ever parsed, so there is nothing to sanitise. Loaded lazily with the FAQ screen.
import { html, nothing, type TemplateResult } from 'lit';
import { Lexer, type Token, type Tokens } from 'marked';

const SAFE_LINK = /^(https?:|mailto:|#)/i;

type Out = TemplateResult | string | typeof nothing;

function inline(tokens: Token[] | undefined): Out[] {
  return (tokens ?? []).map(inlineToken);
}

function inlineToken(token: Token): Out {
  const t = token as Tokens.Generic;
  switch (t.type) {
    case 'strong':
      return html`<strong>${inline(t.tokens)}</strong>`;
    case 'em':
      return html`<em>${inline(t.tokens)}</em>`;
    case 'del':
      return html`<del>${inline(t.tokens)}</del>`;
    case 'codespan':
      return html`<code>${t.text}</code>`;
    case 'br':
      return html`<br />`;
    case 'link': {
      const href = String(t.href ?? '');
      if (!SAFE_LINK.test(href)) return html`${inline(t.tokens)}`;
      return href.startsWith('#')
        ? html`<a href=${href}>${inline(t.tokens)}</a>`
        : html`<a href=${href} target="_blank" rel="noopener noreferrer">${inline(t.tokens)}</a>`;
    }
    case 'image':
      return String(t.text ?? '');
    case 'text':
      return t.tokens ? html`${inline(t.tokens)}` : String(t.text ?? '');
    case 'escape':
      return String(t.text ?? '');
    default:
      // html, tags and anything unknown: shown as the text that was written.
      return String(t.raw ?? '');
  }
}

function block(token: Token): Out {
  const t = token as Tokens.Generic;
  switch (t.type) {
    case 'space':
    case 'def':
      return nothing;
    case 'paragraph':
      return html`<p>${inline(t.tokens)}</p>`;
    case 'heading': {
      // Article headings sit under the article's own title (h2).
      const level = Math.min(6, Math.max(3, Number(t.depth) + 2));
      const content = inline(t.tokens);
      return level === 3 ? html`<h3>${content}</h3>` : level === 4 ? html`<h4>${content}</h4>` : html`<h5>${content}</h5>`;
    }
    case 'list': {
      const items = (t.items as Tokens.ListItem[]).map((item) => html`<li>${item.tokens.map((child) => (child.type === 'text' ? inlineToken(child) : block(child)))}</li>`);
      return t.ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`;
    }
    case 'blockquote':
      return html`<blockquote>${(t.tokens ?? []).map(block)}</blockquote>`;
    case 'code':
      return html`<pre><code>${t.text}</code></pre>`;
    case 'hr':
      return html`<hr />`;
    case 'table': {
      const table = t as unknown as Tokens.Table;
      return html`<table>
        <thead><tr>${table.header.map((cell) => html`<th>${inline(cell.tokens)}</th>`)}</tr></thead>
        <tbody>${table.rows.map((row) => html`<tr>${row.map((cell) => html`<td>${inline(cell.tokens)}</td>`)}</tr>`)}</tbody>
      </table>`;
    }
    case 'text':
      return html`<p>${t.tokens ? inline(t.tokens) : t.text}</p>`;
    default:
      return html`<p>${String(t.raw ?? '')}</p>`;
  }
}

/** An article body as Lit templates. */
export function renderMarkdown(markdown: string): Out[] {
  return new Lexer({ gfm: true }).lex(markdown).map(block);
}
