import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ticket } from '../test/api-mock';
import RelatedTickets from './RelatedTickets.vue';

const row = (protocol: string, subject: string, status = 'closed') => ({
  protocol, subject, status, topic: 'rrt' as const, rrtNumber: 'SI-1', annuityYear: null, createdAt: '2026-03-01T12:00:00.000Z',
});

async function mountWith(t: ReturnType<typeof ticket>) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/fila/:view/:protocol?', name: 'queue', component: { template: '<div />' } }] });
  await router.push('/fila/todo/2026-000042');
  return mount(RelatedTickets, { props: { ticket: t }, global: { plugins: [router] } });
}

describe('the related tickets panel', () => {
  it('lists the same-reference and same-professional tickets as links in the current view', async () => {
    const wrapper = await mountWith(ticket({
      rrtNumber: 'SI-1',
      related: { sameProfessional: [row('2026-000007', 'Outro assunto', 'open'), row('2026-000003', 'Erro no RRT')], sameReference: [row('2026-000003', 'Erro no RRT')] },
    }));
    expect(wrapper.find('h4').text()).toBe('Mesmo RRT (SI-1)');
    const reference = wrapper.find('[data-testid="same-reference"]');
    expect(reference.find('a').attributes('href')).toBe('/fila/todo/2026-000003');
    expect(reference.text()).toMatch(/Fechado · 01\/03\/2026 09:00/);
    expect(wrapper.findAll('[data-testid="same-professional"] li')).toHaveLength(2);
  });

  it('shows both ends of a duplicate link and says when there is nothing related', async () => {
    const copy = await mountWith(ticket({ duplicateOf: '2026-000001', related: { sameProfessional: [], sameReference: [] } }));
    expect(copy.find('[data-testid="duplicate-of"]').text()).toBe('Duplicado de 2026-000001');
    expect(copy.text()).toMatch(/único chamado do profissional/);
    const original = await mountWith(ticket({ duplicates: ['2026-000009', '2026-000010'] }));
    expect(original.find('[data-testid="duplicates"]').text()).toBe('Duplicados deste: 2026-000009, 2026-000010');
  });
});
