import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SupervisorReport } from '../api/workspace';
import { resetApiMock } from '../test/api-mock';
import AdminReportsView from './AdminReportsView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));
const ws = vi.hoisted(() => ({ report: vi.fn(), reportCsv: vi.fn() }));
vi.mock('../api/workspace', () => ({ workspaceApi: ws }));

const summary = (total: number, median: number | null): SupervisorReport['summary'] => ({
  total,
  byType: { question: total, error: 0, request: 0 },
  byTopic: { rrt: 0, annuity: total, registration: 0, other: 0, none: 0 },
  outcomes: { approved: 2, no_response: 0, approval_timeout: 0, cancelled: 1 },
  firstResponse: { count: 4, averageMs: median, medianMs: median },
  resolution: { count: 3, averageMs: null, medianMs: null },
  rating: { count: 2, average: 4 },
});
const sla = { firstAnswer: { met: 3, missed: 1, pending: 2, rate: 0.75 }, resolution: { met: 3, missed: 0, pending: 3, rate: 1 } };
const REPORT: SupervisorReport = {
  period: { from: '2026-02-01T03:00:00.000Z', to: '2026-03-03T03:00:00.000Z', granularity: 'day' },
  previousPeriod: { from: '2026-01-02T03:00:00.000Z', to: '2026-02-01T03:00:00.000Z' },
  summary: summary(12, 2 * 3_600_000),
  previous: { ...summary(10, 4 * 3_600_000), sla },
  series: [
    { bucket: '2026-03-01', created: 5, closed: 1, backlog: 4 },
    { bucket: '2026-03-02', created: 7, closed: 2, backlog: 9 },
  ],
  attendants: [{ id: 'a', name: 'Bruno Atendente', handled: 3, closed: 2, firstAnswerMedianMs: 3_600_000, resolutionMedianMs: null, rating: { count: 2, average: 4 } }],
  sla,
  age: [{ key: 'lt1d', label: 'Menos de 1 dia', count: 3 }],
  templates: [{ id: 't', title: 'Saudação', shared: true, uses: 2 }],
};

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
  ws.report.mockReset().mockResolvedValue(REPORT);
  ws.reportCsv.mockReset().mockResolvedValue('relatorio.csv');
});

describe('the reports page', () => {
  it('shows the figures against the previous period, the time series and the per-attendant table', async () => {
    const wrapper = mount(AdminReportsView, { attachTo: document.body });
    await flushPromises();
    expect(ws.report).toHaveBeenCalledWith(expect.objectContaining({ granularity: 'day' }));
    expect(wrapper.find('[data-testid="report-total"]').text()).toBe('12');
    expect(wrapper.text()).toMatch(/\+20% vs\. período anterior/);
    // A shorter first answer is the good direction.
    const median = wrapper.findAll('.kpi').find((k) => k.text().includes('Mediana até a 1ª resposta'))!;
    expect(median.find('.kpi-sub').text()).toBe('-50% vs. período anterior');
    expect(median.find('.kpi-sub').classes()).toContain('good');
    expect(wrapper.find('svg[role="img"]').attributes('aria-label')).toMatch(/Abertos: total 12; Encerrados: total 3/);
    expect(wrapper.find('table.table tbody tr').text()).toMatch(/Bruno Atendente\s*3\s*2/);
    expect(wrapper.text()).toMatch(/Respostas prontas mais usadas/);
    wrapper.unmount();
  });

  it('regroups by week and downloads the CSV of the same period', async () => {
    const wrapper = mount(AdminReportsView, { attachTo: document.body });
    await flushPromises();
    await wrapper.find('#granularity').setValue('week');
    await flushPromises();
    expect(ws.report).toHaveBeenLastCalledWith(expect.objectContaining({ granularity: 'week' }));
    await wrapper.findAll('button').find((b) => b.text() === 'Baixar CSV')!.trigger('click');
    await flushPromises();
    expect(ws.reportCsv).toHaveBeenCalledWith(expect.objectContaining({ granularity: 'week' }));
    expect(wrapper.find('[role="status"]').text()).toMatch(/relatorio\.csv baixado/);
    wrapper.unmount();
  });
});
