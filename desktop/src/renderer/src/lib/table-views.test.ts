import { describe, expect, it } from 'vitest';
import { item } from '../test/api-mock';
import { loadViews, removeView, saveView, sortItems, type SavedView } from './table-views';

describe('the queue table sort', () => {
  const a = item({ subject: 'Ética', professional: { id: '1', name: 'Zélia', cpf: '' }, createdAt: '2026-03-01T10:00:00Z', waitingSince: '2026-03-01T10:00:00Z' });
  const b = item({ subject: 'anuidade', professional: { id: '2', name: 'álvaro', cpf: '' }, createdAt: '2026-03-02T10:00:00Z', waitingSince: '2026-03-02T10:00:00Z' });
  const c = item({
    subject: 'Boleto', professional: { id: '3', name: 'Bruna', cpf: '' }, waitingSince: '2026-03-03T10:00:00Z',
    sla: { firstAnswerDueAt: '2026-03-01T00:00:00Z', resolutionDueAt: '2026-03-09T00:00:00Z', state: 'overdue', target: 'first_answer' },
  });

  it('orders text in pt-BR, ignoring accents and case, both ways', () => {
    expect(sortItems([a, b, c], { column: 'subject', dir: 'asc' }).map((i) => i.subject)).toEqual(['anuidade', 'Boleto', 'Ética']);
    expect(sortItems([a, b, c], { column: 'professional', dir: 'desc' }).map((i) => i.professional.name)).toEqual(['Zélia', 'Bruna', 'álvaro']);
  });

  it('orders waiting by instant and SLA by due date, rows without SLA last', () => {
    expect(sortItems([c, b, a], { column: 'waiting', dir: 'asc' })).toEqual([a, b, c]);
    expect(sortItems([a, b, c], { column: 'sla', dir: 'asc' })[0]).toBe(c);
  });

  it('keeps the order it was given without a column', () => {
    expect(sortItems([c, a, b], { column: null, dir: 'asc' })).toEqual([c, a, b]);
  });
});

describe('saved views', () => {
  const storage = () => {
    const data = new Map<string, string>();
    return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) } as unknown as Storage;
  };
  const view = (name: string): SavedView => ({
    name, view: 'todo', filters: { type: 'error', topic: '', assignee: 'me' }, search: '', sort: { column: 'sla', dir: 'asc' }, columns: ['protocol', 'sla'],
  });

  it('are kept per user, replaced by name, removed by name', () => {
    const s = storage();
    saveView('ana', view('Erros comigo'), s);
    saveView('ana', view('Atrasados'), s);
    saveView('ana', { ...view('Atrasados'), search: 'boleto' }, s);
    expect(loadViews('ana', s).map((v) => [v.name, v.search])).toEqual([['Atrasados', 'boleto'], ['Erros comigo', '']]);
    expect(loadViews('bruno', s)).toEqual([]);
    expect(removeView('ana', 'Atrasados', s).map((v) => v.name)).toEqual(['Erros comigo']);
  });

  it('survive garbage in storage', () => {
    const s = storage();
    s.setItem('cau-desk.table-views.ana', '{not json');
    expect(loadViews('ana', s)).toEqual([]);
  });
});
