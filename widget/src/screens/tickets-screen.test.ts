import { describe, expect, it, vi } from 'vitest';
import { POLL_MS } from '../controllers/refresh.controller';
import type { TicketsScreen } from './tickets-screen';
import { $, $$, Offline, expectAccessible, fakeServer, field, mount, settle, testApi, text } from '../test/helpers';
import { summary } from '../test/tickets';

const COUNTS = { open: 2, pending_professional: 1, awaiting_approval: 1, closed: 3 };

async function screen() {
  const el = await mount<TicketsScreen>('cau-tickets-screen', { api: testApi() });
  await settle(el);
  return el;
}

describe('<cau-tickets-screen>', () => {
  it('is accessible: the counters are toggle buttons in a named group, the filter is labelled', async () => {
    fakeServer().on('tickets.mine', { counts: COUNTS, items: [summary(1)], nextCursor: null });
    const el = await screen();
    expectAccessible(el);
    expect($(el, '.counters').getAttribute('role')).toBe('group');
    expect($$(el, '.counter').every((b) => b.getAttribute('aria-pressed') === 'false')).toBe(true);
    expect($(el, '[role="status"]').textContent).toBe('1 chamado exibido.');
  });

  it('shows the four counters (not Em andamento), and every status in the filter', async () => {
    fakeServer().on('tickets.mine', { counts: COUNTS, items: [], nextCursor: null });
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
    const server = fakeServer().on('tickets.mine', { counts: COUNTS, items: [], nextCursor: null });
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
      input.cursor ? { counts: COUNTS, items: [summary(2)], nextCursor: null } : { counts: COUNTS, items: [summary(1)], nextCursor: 'c1' });
    const el = await screen();
    const more = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Carregar mais'))!;
    more.click();
    await settle(el);
    expect(server.callsTo('tickets.mine').at(-1)!.input).toEqual({ cursor: 'c1' });
    expect($$(el, '.item .protocol').map((p) => p.textContent)).toEqual(['2026-000001', '2026-000002']);
    expect(text(el)).not.toContain('Carregar mais');
    expect(el.shadowRoot!.activeElement).toBe($$(el, '.item a')[1]);
  });

  it('explains a failed load and retries', async () => {
    let offline = true;
    fakeServer().on('tickets.mine', () => {
      if (offline) throw new Offline();
      return { counts: COUNTS, items: [summary(1)], nextCursor: null };
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
      const server = fakeServer().on('tickets.mine', { counts: COUNTS, items: [waiting], nextCursor: null });
      const el = await screen();
      expect(text(el)).toContain('responda até');
      server.on('tickets.mine', { counts: { ...COUNTS, pending_professional: 0, closed: 4 }, items: [{ ...waiting, status: 'closed', outcome: 'no_response' }], nextCursor: null });
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
      const server = fakeServer().on('tickets.mine', { counts: COUNTS, items: [summary(1)], nextCursor: null });
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
