import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import AdminTable, { type AdminColumn } from './AdminTable.vue';

interface Person { id: string; name: string; login: string; disabled: boolean }

const COLUMNS: AdminColumn[] = [
  { key: 'name', label: 'Nome', class: 'name' },
  { key: 'login', label: 'Identificação', class: 'mono' },
  { key: 'actions', label: 'Ações', srOnly: true, class: 'actions-cell' },
];
const PEOPLE: Person[] = [
  { id: 'a', name: 'Ana Souza', login: 'ana', disabled: false },
  { id: 'b', name: 'Bruno Lima', login: 'bruno', disabled: true },
];

function mountTable(props: Partial<{ rows: Person[]; loading: boolean; empty: string; plain: boolean }> = {}) {
  return mount(AdminTable, {
    props: {
      // The component is generic over its rows; mounted directly, it sees them as unknown.
      columns: COLUMNS, rows: PEOPLE, rowKey: (p: unknown) => (p as Person).id, caption: 'Contas', ...props,
      rowAttrs: (p: unknown) => ({ class: { disabled: (p as Person).disabled }, 'data-login': (p as Person).login }),
    },
    slots: { 'cell-actions': ({ row }: { row: unknown }) => h('button', { type: 'button' }, `Desativar ${(row as Person).name}`) },
  });
}

describe('the admin table', () => {
  it('names itself to screen readers and heads each column, hiding a header only visually', () => {
    const wrapper = mountTable();
    expect(wrapper.find('caption').text()).toBe('Contas');
    expect(wrapper.find('caption').classes()).toContain('sr-only');
    expect(wrapper.findAll('th').map((th) => th.text())).toEqual(['Nome', 'Identificação', 'Ações']);
    expect(wrapper.findAll('th').every((th) => th.attributes('scope') === 'col')).toBe(true);
    expect(wrapper.find('th:last-child span').classes()).toContain('sr-only');
    expect(wrapper.classes()).toContain('table');
    expect(mountTable({ plain: true }).classes()).not.toContain('table');
  });

  it('shows each row by its fields or the view\'s slot, with the column classes and the row attributes', () => {
    const wrapper = mountTable();
    const rows = wrapper.findAll('tbody tr');
    expect(rows.map((r) => r.attributes('data-login'))).toEqual(['ana', 'bruno']);
    expect(rows[1]!.classes()).toContain('disabled');
    expect(rows[0]!.classes()).not.toContain('disabled');
    const cells = rows[0]!.findAll('td');
    expect(cells.map((c) => c.text())).toEqual(['Ana Souza', 'ana', 'Desativar Ana Souza']);
    expect(cells.map((c) => c.classes())).toEqual([['name'], ['mono'], ['actions-cell']]);
  });

  it('says it is loading only before the first rows, and says when there is nothing', () => {
    const first = mountTable({ rows: [], loading: true, empty: 'Nada aqui.' });
    expect(first.findAll('tbody tr')).toHaveLength(1);
    expect(first.find('tbody td').text()).toBe('Carregando…');
    expect(first.find('tbody td').attributes('colspan')).toBe('3');
    expect(first.attributes('aria-busy')).toBe('true');
    expect(mountTable({ loading: true }).findAll('tbody tr[data-login]')).toHaveLength(2);
    expect(mountTable({ rows: [], empty: 'Nada aqui.' }).find('tbody td').text()).toBe('Nada aqui.');
    expect(mountTable({ rows: [] }).findAll('tbody tr')).toHaveLength(0);
  });
});
