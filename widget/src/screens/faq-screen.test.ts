import { describe, expect, it } from 'vitest';
import '../kb/lazy';
import type { FaqScreen } from './faq-screen';
import { $, $$, expectAccessible, fakeServer, mount, settle, testApi, text } from '../test/helpers';

const HITS = [
  { slug: 'segunda-via-do-boleto-da-anuidade', title: 'Segunda via do boleto da anuidade', excerpt: 'Entre no SICCAU e emita o boleto.', topic: 'annuity' },
  { slug: 'como-emitir-um-rrt', title: 'Como emitir um RRT', excerpt: 'No SICCAU, RRT > Novo RRT.', topic: 'rrt' },
];

const ARTICLE = {
  slug: 'segunda-via-do-boleto-da-anuidade',
  title: 'Segunda via do boleto da anuidade',
  body: 'Entre no **SICCAU**.\n\n- [Portal](https://siccau.caubr.gov.br)\n- [mau](javascript:alert(1))\n\n<script>window.hacked = true</script><img src=x onerror="window.hacked=true">',
  topic: 'annuity',
  updatedAt: '2026-11-20T13:00:00.000Z',
};

function server() {
  return fakeServer()
    .on('kb.search', (input: { query: string; topic?: string }) => ({
      items: HITS.filter((h) => (!input.topic || h.topic === input.topic) && (!input.query || h.title.toLowerCase().includes(input.query.toLowerCase().slice(0, 5)))),
    }))
    .on('kb.get', ARTICLE)
    .on('kb.track', {})
    .on('kb.feedback', {});
}

async function screen(props: Record<string, unknown> = {}) {
  const el = await mount<FaqScreen>('cau-faq-screen', { api: testApi(null), ...props });
  await settle(el);
  return el;
}

describe('<cau-faq-screen>', () => {
  it('is accessible: a search landmark with a labelled field, tema buttons that say which is pressed', async () => {
    server();
    const el = await screen();
    expectAccessible(el);
    expect($(el, 'form').getAttribute('role')).toBe('search');
    expect($$(el, '.topics button').map((b) => [b.textContent, b.getAttribute('aria-pressed')])).toEqual([
      ['Todos os temas', 'true'], ['RRT', 'false'], ['Anuidade', 'false'], ['Registro Profissional', 'false'], ['Outro', 'false'],
    ]);
  });

  it('lists every published article at first, without signing in, and filters by tema', async () => {
    const fake = server();
    const el = await screen();
    expect(fake.callsTo('kb.search')[0]).toMatchObject({ input: { query: '', context: 'browse' }, authorization: null });
    expect($$(el, '.result a').map((a) => a.textContent)).toEqual(['Segunda via do boleto da anuidade', 'Como emitir um RRT']);
    expect($(el, '.result a').getAttribute('href')).toBe('#atendimento/perguntas-frequentes/segunda-via-do-boleto-da-anuidade');
    $$(el, '.topics button')[1]!.click();
    await settle(el);
    expect(fake.callsTo('kb.search').at(-1)!.input).toMatchObject({ topic: 'rrt' });
    expect($$(el, '.result a').map((a) => a.textContent)).toEqual(['Como emitir um RRT']);
    expect($(el, '[role="status"]').textContent).toBe('1 artigo.');
  });

  it('searches 400 ms after the last keystroke, and says when nothing was found', async () => {
    const fake = server();
    const el = await screen();
    const input = $<HTMLInputElement>(el, '#kb-query');
    for (const value of ['orn', 'ornito', 'ornitorrinco']) {
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsTo('kb.search')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    await settle(el);
    expect(fake.callsTo('kb.search').map((c) => c.input.query)).toEqual(['', 'ornitorrinco']);
    expect($(el, '[role="status"]').textContent).toBe('Nenhum artigo encontrado para “ornitorrinco”.');
    expect(text(el)).toContain('Não encontramos um artigo sobre isso.');
    expect(text(el)).toContain('Entre para abrir um chamado');
  });

  it('shows an article rendered from Markdown without scripts, handlers or javascript: links, and records the read', async () => {
    const fake = server();
    const el = await screen({ slug: ARTICLE.slug, signedIn: true });
    const article = $(el, 'cau-kb-article');
    await settle(article as never);
    expect($(article, 'h2').textContent).toBe('Segunda via do boleto da anuidade');
    const body = $(article, '.body');
    expect(body.querySelector('strong')?.textContent).toBe('SICCAU');
    expect(body.querySelector('script')).toBeNull();
    expect(body.querySelector('[onerror]')).toBeNull();
    const links = [...body.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).toEqual([
      ['Portal', 'https://siccau.caubr.gov.br', '_blank', 'noopener noreferrer'],
    ]);
    // The javascript: link is plain text; HTML written in the Markdown is shown as the text it is.
    expect(body.textContent).toContain('mau');
    expect(body.textContent).toContain('<script>window.hacked = true</script>');
    expect(body.querySelector('img')).toBeNull();
    expect((globalThis as { hacked?: boolean }).hacked).toBeUndefined();
    expect(fake.callsTo('kb.track')[0]!.input).toEqual({ event: 'viewed', slugs: [ARTICLE.slug], context: 'browse' });
    expect(text(el)).toContain('Abrir um chamado');
  });

  it('records whether the article helped, once, and thanks', async () => {
    const fake = server();
    const el = await screen({ slug: ARTICLE.slug });
    const article = $(el, 'cau-kb-article');
    await settle(article as never);
    const yes = $$(article, '.feedback button').find((b) => b.textContent === 'Isso resolveu minha dúvida')!;
    yes.click();
    await settle(article as never);
    expect(fake.callsTo('kb.feedback').map((c) => c.input)).toEqual([{ slug: ARTICLE.slug, helped: true, context: 'browse' }]);
    expect($(article, '.feedback [role="status"]').textContent).toBe('Obrigado pela resposta!');
  });

  it('says when an article is gone', async () => {
    const fake = server();
    const { Reply } = await import('../test/helpers');
    fake.on('kb.get', () => { throw new Reply('not_found', 'Artigo não encontrado.', undefined, 404); });
    const el = await screen({ slug: 'nao-existe' });
    const article = $(el, 'cau-kb-article');
    await settle(article as never);
    expect($(article, '[role="alert"]').textContent).toContain('Este artigo não existe mais');
  });
});
