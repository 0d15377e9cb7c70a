import { describe, expect, it } from 'vitest';
import type { TicketScreen } from './ticket-screen';
import { $, fakeServer, mount, settle, testApi } from '../test/helpers';
import { ticket } from '../test/tickets';

describe('<cau-ticket-screen> focus and details', () => {
  it('focuses the ticket\'s heading once it has loaded (WCAG 2.4.3), not the placeholder it replaces', async () => {
    let answer: (value: unknown) => void = () => undefined;
    fakeServer().on('tickets.get', () => new Promise((resolve) => { answer = resolve; }));
    const el = await mount<TicketScreen>('cau-ticket-screen', { api: testApi(), protocol: '2026-000042' });
    await el.focusHeading();
    answer(ticket());
    await settle(el, 5);
    const heading = $(el, 'h2');
    expect(heading.textContent).toContain('Boleto da anuidade');
    expect(el.shadowRoot!.activeElement).toBe(heading);
  });

  it('names the attendant who cancelled a ticket nobody had taken, instead of "Ainda não atribuído"', async () => {
    const desk = { id: 'a1', name: 'Bruno Atendente', role: 'attendant' as const };
    const cancelled = ticket({
      status: 'closed', outcome: 'cancelled', closeReason: 'duplicate', closedAt: '2026-03-03T12:00:00.000Z', assignee: null, actions: [],
      history: [...ticket().history, { at: '2026-03-03T12:00:00.000Z', actor: desk, event: 'close', from: 'open', to: 'closed', messageId: null }],
    });
    fakeServer().on('tickets.get', cancelled);
    const el = await mount<TicketScreen>('cau-ticket-screen', { api: testApi(), protocol: cancelled.protocol });
    await settle(el);
    const details = $(el, '.details').textContent!;
    expect(details).toContain('Bruno Atendente');
    expect(details).not.toContain('Ainda não atribuído');
  });
});
