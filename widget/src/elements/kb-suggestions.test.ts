import { describe, expect, it } from 'vitest';
import '../kb/lazy';
import { readSlugs, ticketOpened } from '../kb/kb-session';
import type { NewTicketScreen } from '../screens/new-ticket-screen';
import { $, $$, expectAccessible, fakeServer, field, mount, settle, testApi, text, type } from '../test/helpers';
import { suggestionQuery, type KbSuggestions } from './kb-suggestions';

const HITS = [
  { slug: 'segunda-via-do-boleto-da-anuidade', title: 'Segunda via do boleto da anuidade', excerpt: 'Entre no SICCAU e emita o boleto.', topic: 'annuity' },
  { slug: 'paguei-a-anuidade-e-ela-continua-em-aberto', title: 'Paguei a anuidade e ela continua em aberto', excerpt: 'A baixa leva 3 dias úteis.', topic: 'annuity' },
  { slug: 'parcelamento-de-anuidades', title: 'Parcelamento de anuidades', excerpt: 'Até 10 parcelas.', topic: 'annuity' },
  { slug: 'isencao-da-anuidade', title: 'Isenção da anuidade', excerpt: 'Aposentados por invalidez.', topic: 'annuity' },
];

function server() {
  return fakeServer()
    .on('kb.search', () => ({ items: HITS }))
    .on('kb.get', (input: { slug: string }) => ({ ...HITS.find((h) => h.slug === input.slug)!, body: `Texto do artigo **${input.slug}**.`, updatedAt: '2026-11-20T13:00:00.000Z' }))
    .on('kb.track', {})
    .on('kb.feedback', {});
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function writing() {
  const el = await mount<NewTicketScreen>('cau-new-ticket-screen', { api: testApi(), now: () => new Date('2026-06-15T12:00:00Z') });
  await settle(el);
  type(field(el, 'Assunto'), 'Boleto');
  await el.updateComplete;
  type(field<HTMLTextAreaElement>(el, 'Descrição'), 'Preciso da segunda via do boleto da anuidade de 2025.');
  await el.updateComplete;
  const box = $<KbSuggestions>(el, 'cau-kb-suggestions');
  return { el, box };
}

describe('<cau-kb-suggestions> in the new-ticket form', () => {
  it('asks once, 400 ms after the professional stops typing, and shows at most three suggestions, accessibly', async () => {
    const fake = server();
    const { box } = await writing();
    await wait(200);
    expect(fake.callsTo('kb.search')).toHaveLength(0);
    await wait(300);
    await settle(box);
    expect(fake.callsTo('kb.search').map((c) => c.input)).toEqual([
      { query: 'Boleto Preciso da segunda via do boleto da anuidade de 2025.', context: 'new_ticket', limit: 6 },
    ]);
    expect($$(box, 'button.toggle').map((b) => b.querySelector('span')!.textContent)).toEqual(HITS.slice(0, 3).map((h) => h.title));
    expect($(box, 'h3').textContent).toBe('Estes artigos podem responder sua dúvida');
    expectAccessible(box, { heading: false });
    expect(fake.callsTo('kb.track').map((c) => c.input)).toEqual([{ event: 'suggested', slugs: HITS.slice(0, 3).map((h) => h.slug), context: 'new_ticket' }]);
  });

  it('reads a suggestion inline; "Isso resolveu minha dúvida" records a deflection and leaves the draft', async () => {
    const fake = server();
    const { el, box } = await writing();
    await wait(450);
    await settle(box);
    const first = $$(box, 'button.toggle')[0]!;
    first.click();
    await settle(box);
    expect(first.getAttribute('aria-expanded')).toBe('true');
    const article = $(box, 'cau-kb-article');
    await settle(article as never);
    expect($(article, '.body strong').textContent).toBe(HITS[0]!.slug);
    expect(readSlugs()).toContain(HITS[0]!.slug);
    $$(article, '.feedback button').find((b) => b.textContent === 'Isso resolveu minha dúvida')!.click();
    await settle(box);
    expect(fake.callsTo('kb.feedback').map((c) => c.input)).toEqual([{ slug: HITS[0]!.slug, helped: true, context: 'new_ticket' }]);
    expect(text(box)).toContain('Que bom que resolveu!');
    expect(field(el, 'Assunto').value).toBe('Boleto');
    expect(field<HTMLTextAreaElement>(el, 'Descrição').value).toContain('segunda via');
    expect(fake.callsTo('tickets.create')).toHaveLength(0);
  });

  it('"Não resolveu" drops that suggestion, records it and moves focus to the next one', async () => {
    const fake = server();
    const { box } = await writing();
    await wait(450);
    await settle(box);
    $$(box, 'button.toggle')[0]!.click();
    await settle(box);
    const article = $(box, 'cau-kb-article');
    await settle(article as never);
    $$(article, '.feedback button').find((b) => b.textContent === 'Não resolveu')!.click();
    await settle(box);
    expect(fake.callsTo('kb.feedback').map((c) => c.input)).toEqual([{ slug: HITS[0]!.slug, helped: false, context: 'new_ticket' }]);
    expect($$(box, 'button.toggle').map((b) => b.querySelector('span')!.textContent)).toEqual([HITS[1]!.title, HITS[2]!.title]);
    expect(box.shadowRoot!.activeElement).toBe($$(box, 'button.toggle')[0]);
  });

  it('says nothing for fewer than four letters, and reports a ticket opened after reading', async () => {
    const fake = server();
    const box = await mount<KbSuggestions>('cau-kb-suggestions', { api: testApi(), subject: 'RR', description: '' });
    await wait(450);
    expect(fake.callsTo('kb.search')).toHaveLength(0);
    expect(box.shadowRoot!.querySelector('section')).toBeNull();
    ticketOpened(testApi(), '2026-000042');
    await settle();
    expect(fake.callsTo('kb.track').at(-1)!.input).toMatchObject({ event: 'ticket_opened', protocol: '2026-000042', context: 'new_ticket' });
    expect(readSlugs()).toEqual([]);
  });

  it('cuts a long draft to 200 characters at a word', () => {
    const query = suggestionQuery('Boleto', 'palavra '.repeat(40));
    expect(query.length).toBeLessThanOrEqual(200);
    expect(query.endsWith('palavra')).toBe(true);
  });
});
