import { describe, expect, it, vi } from 'vitest';
import { POLL_MS } from '../controllers/refresh.controller';
import type { TicketsScreen } from './tickets-screen';
import { $, $$, Offline, expectAccessible, fakeServer, field, mount, settle, testApi, text } from '../test/helpers';
import { summary } from '../test/tickets';

const COUNTS = { open: 2, pending_professional: 1, awaiting_approval: 1, closed: 3 };

async function screen(props: Record<string, unknown> = {}) {
  const el = await mount<TicketsScreen>('cau-tickets-screen', { api: testApi(), ...props });
  await settle(el);
  return el;
}

describe('<cau-tickets-screen>', () => {
  it('is accessible: the counters are toggle buttons in a named group, the filter is labelled', async () => {
    fakeServer().on('tickets.mine', { counts: COUNTS, items: [summary(1)], nextCursor: null, waiting: [] });
    const el = await screen();
    expectAccessible(el);
    expect($(el, '.counters').getAttribute('role')).toBe('group');
    expect($$(el, '.counter').every((b) => b.getAttribute('aria-pressed') === 'false')).toBe(true);
    expect($(el, '[role="status"]').textContent).toBe('1 chamado exibido.');
  });

  it('shows the four counters (not Em andamento), and every status in the filter', async () => {
    fakeServer().on('tickets.mine', { counts: COUNTS, items: [], nextCursor: null, waiting: [] });
    const el = await screen();
    expect($$(el, '.counter').map((b) => b.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      'Aberto 2', 'Pendente Profissional 1', 'Homologando 1', 'Fechado 3',
    ]);
    expect([...field<HTMLSelectElement>(el, 'Situação').options].map((o) => o.textContent)).toEqual([
      'Todas', 'Aberto', 'Em andamento', 'Pendente Profissional', 'Homologando', 'Fechado',
    ]);
    expect(text(el)).toContain('Você ainda não abriu nenhum chamado.');
  });

  it('lists tickets as links, with Em andamento, and highlights those waiting with "responda até"', async () => {
    fakeServer().on('tickets.mine', {
      counts: COUNTS,
      items: [
        summary(3, { status: 'pending_professional', deadlineAt: '2026-12-02T17:30:00.000Z' }),
        summary(2, { status: 'in_progress', subject: '<b>negrito</b>' }),
      ],
      nextCursor: null,
      waiting: [summary(3, { status: 'pending_professional', deadlineAt: '2026-12-02T17:30:00.000Z' })],
    });
    const el = await screen();
    const items = $$(el, '.item');
    expect(items[0]!.classList.contains('waiting')).toBe(true);
    expect(items[0]!.querySelector('.deadline')!.textContent).toBe('Aguardando você · responda até 02/12/2026 14:30');
    expect(items[0]!.querySelector('a')!.getAttribute('href')).toBe('#atendimento/chamado/2026-000003');
    expect(items[1]!.querySelector('.badge')!.textContent).toBe('Em andamento');
    expect(items[1]!.querySelector('a')!.textContent).toBe('<b>negrito</b>');
    expect(items[1]!.querySelector('b')).toBeNull();
  });

  it('filters by a counter, and again by the same counter shows all', async () => {
    const server = fakeServer().on('tickets.mine', (input: { status?: string }) => ({
      counts: COUNTS,
      items: input.status ? [summary(9, { status: input.status as 'closed' })] : [summary(1), summary(9, { status: 'closed' })],
      nextCursor: null,
      waiting: [],
    }));
    const el = await screen();
    const closed = $$(el, '.counter')[3]!;
    closed.click();
    await settle(el);
    expect(server.callsTo('tickets.mine').at(-1)!.input).toEqual({ status: 'closed' });
    expect(closed.getAttribute('aria-pressed')).toBe('true');
    expect(field<HTMLSelectElement>(el, 'Situação').value).toBe('closed');
    expect($$(el, '.item')).toHaveLength(1);
    closed.click();
    await settle(el);
    expect(server.callsTo('tickets.mine').at(-1)!.input).toEqual({});
    expect($$(el, '.item')).toHaveLength(2);
  });

  it('filters by Em andamento from the select', async () => {
    const server = fakeServer().on('tickets.mine', { counts: COUNTS, items: [], nextCursor: null, waiting: [] });
    const el = await screen();
    const select = field<HTMLSelectElement>(el, 'Situação');
    select.value = 'in_progress';
    select.dispatchEvent(new Event('change'));
    await settle(el);
    expect(server.callsTo('tickets.mine').at(-1)!.input).toEqual({ status: 'in_progress' });
    expect(text(el)).toContain('Nenhum chamado nesta situação.');
  });

  it('loads more with the cursor and keeps the first page', async () => {
    const server = fakeServer().on('tickets.mine', (input: { cursor?: string }) =>
      input.cursor ? { counts: COUNTS, items: [summary(2)], nextCursor: null, waiting: [] } : { counts: COUNTS, items: [summary(1)], nextCursor: 'c1', waiting: [] });
    const el = await screen();
    const more = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Carregar mais'))!;
    more.click();
    await settle(el);
    expect(server.callsTo('tickets.mine').at(-1)!.input).toEqual({ cursor: 'c1' });
    expect($$(el, '.item .protocol').map((p) => p.textContent)).toEqual(['2026-000001', '2026-000002']);
    expect(text(el)).not.toContain('Carregar mais');
    expect(el.shadowRoot!.activeElement).toBe($$(el, '.item a')[1]);
  });

  it('lists what waits on the professional first, soonest deadline first, then the others without repeating them', async () => {
    const pending = summary(3, { status: 'pending_professional', deadlineAt: '2026-12-02T17:30:00.000Z' });
    const approval = summary(5, { status: 'awaiting_approval', deadlineAt: '2026-12-01T12:00:00.000Z' });
    fakeServer().on('tickets.mine', {
      counts: COUNTS, nextCursor: null,
      items: [summary(1), pending, summary(2), approval],
      waiting: [approval, pending],
    });
    const el = await screen();
    expectAccessible(el);
    expect($$(el, '.item .protocol').map((p) => p.textContent)).toEqual(['2026-000005', '2026-000003', '2026-000001', '2026-000002']);
    expect($$(el, '.list-title').map((p) => p.textContent)).toEqual(['Aguardando você: 2 chamados', 'Demais chamados']);
    expect($$(el, 'ul.list')[0]!.getAttribute('aria-labelledby')).toBe('waiting-title');
    expect($$(el, 'ul.list')[0]!.querySelectorAll('.item.waiting')).toHaveLength(2);
  });

  it('says how each closed ticket ended', async () => {
    fakeServer().on('tickets.mine', {
      counts: COUNTS, nextCursor: null, waiting: [],
      items: [summary(1, { status: 'closed', outcome: 'approved' }), summary(2, { status: 'closed', outcome: 'no_response' }), summary(4)],
    });
    const el = await screen();
    expect($$(el, '.item').map((i) => i.querySelector('.outcome')?.textContent ?? null)).toEqual([
      'Resultado: Solução aprovada', 'Resultado: Encerrado por falta de resposta', null,
    ]);
  });

  it('searches by protocolo or subject 400 ms after typing or at once with Buscar, and writes the search to the address', async () => {
    const server = fakeServer().on('tickets.mine', (input: { search?: string }) => ({
      counts: COUNTS, nextCursor: null, waiting: [], items: input.search === 'boleto' ? [summary(7, { subject: 'Boleto da anuidade' })] : [],
    }));
    const el = await screen();
    const addresses: unknown[] = [];
    el.addEventListener('address', (e) => addresses.push((e as CustomEvent).detail.route));
    const box = field(el, 'Buscar');
    expect(box.type).toBe('search');
    box.focus();
    box.value = 'boleto';
    box.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 450));
    await settle(el);
    expect(server.callsTo('tickets.mine').at(-1)!.input).toEqual({ search: 'boleto' });
    expect($$(el, '.item .protocol').map((p) => p.textContent)).toEqual(['2026-000007']);
    expect(addresses).toEqual([{ name: 'tickets', search: 'boleto' }]);
    expect(el.shadowRoot!.activeElement).toBe(box);

    box.value = '2026-999999';
    box.dispatchEvent(new Event('input'));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle(el);
    expect(server.callsTo('tickets.mine').at(-1)!.input).toEqual({ search: '2026-999999' });
    expect(text(el)).toContain('Nenhum chamado encontrado para “2026-999999”.');
    expect(el.shadowRoot!.querySelector('.empty a')).toBeNull();
  });

  it('starts from the filter and the search in the address', async () => {
    const server = fakeServer().on('tickets.mine', { counts: COUNTS, items: [], nextCursor: null, waiting: [] });
    const el = await screen({ status: 'closed', search: 'boleto' });
    expect(server.callsTo('tickets.mine')).toHaveLength(1);
    expect(server.callsTo('tickets.mine')[0]!.input).toEqual({ status: 'closed', search: 'boleto' });
    expect(field<HTMLSelectElement>(el, 'Situação').value).toBe('closed');
    expect(field(el, 'Buscar').value).toBe('boleto');
    expect($$(el, '.counter')[3]!.getAttribute('aria-pressed')).toBe('true');
  });

  it('explains a failed load and retries', async () => {
    let offline = true;
    fakeServer().on('tickets.mine', () => {
      if (offline) throw new Offline();
      return { counts: COUNTS, items: [summary(1)], nextCursor: null, waiting: [] };
    });
    const el = await screen();
    expect($(el, '[role="alert"]').textContent).toContain('Não foi possível carregar as informações');
    offline = false;
    $(el, '[role="alert"] button').click();
    await settle(el);
    expect($$(el, '.item')).toHaveLength(1);
  });
});

describe('<cau-tickets-screen> stays current', () => {
  const NOW = Date.parse('2026-03-02T18:00:00.000Z');

  it('refreshes in the background on the poll, on focus and on coming back into view, without a reload', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval'], now: NOW });
    try {
      const waiting = summary(3, { status: 'pending_professional', deadlineAt: new Date(NOW + 60 * 60_000).toISOString() });
      const server = fakeServer().on('tickets.mine', { counts: COUNTS, items: [waiting], nextCursor: null, waiting: [waiting] });
      const el = await screen();
      expect(text(el)).toContain('responda até');
      server.on('tickets.mine', { counts: { ...COUNTS, pending_professional: 0, closed: 4 }, items: [{ ...waiting, status: 'closed', outcome: 'no_response' }], nextCursor: null, waiting: [] });
      vi.advanceTimersByTime(POLL_MS);
      await settle(el);
      expect(text(el)).not.toContain('responda até');
      expect($$(el, '.counter').map((b) => b.textContent!.replace(/\s+/g, ' ').trim())).toContain('Fechado 4');
      const calls = server.callsTo('tickets.mine');
      expect(calls).toHaveLength(2);
      expect(calls[0]!.background).toBe(false);
      expect(calls[1]!.background).toBe(true);

      vi.advanceTimersByTime(5_000);
      window.dispatchEvent(new Event('focus'));
      await settle(el);
      expect(server.callsTo('tickets.mine')).toHaveLength(3);
      vi.advanceTimersByTime(5_000);
      document.dispatchEvent(new Event('visibilitychange'));
      await settle(el);
      expect(server.callsTo('tickets.mine')).toHaveLength(4);
      el.remove();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the list as it was when a refresh fails', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval'], now: NOW });
    try {
      const server = fakeServer().on('tickets.mine', { counts: COUNTS, items: [summary(1)], nextCursor: null, waiting: [] });
      const el = await screen();
      server.on('tickets.mine', () => { throw new Offline(); });
      vi.advanceTimersByTime(POLL_MS);
      await settle(el);
      expect($$(el, '.item')).toHaveLength(1);
      expect(el.shadowRoot!.querySelector('[role="alert"]')).toBeNull();
      el.remove();
    } finally {
      vi.useRealTimers();
    }
  });
});
