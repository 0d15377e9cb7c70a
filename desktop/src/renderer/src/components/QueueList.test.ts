import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { item } from '../test/api-mock';
import QueueList from './QueueList.vue';

const many = Array.from({ length: 10_000 }, () => item());

function mountList(props: Partial<InstanceType<typeof QueueList>['$props']> = {}) {
  return mount(QueueList, {
    props: { items: many, view: 'todo', activeIndex: 0, openProtocol: null, total: 10_000, hasMore: false, label: 'Chamados: A atender', ...props },
  });
}

describe('the queue list', () => {
  it('renders only the rows in view, whatever the size of the list', () => {
    const wrapper = mountList();
    const rows = wrapper.findAll('[role="option"]');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    // The scroll area is as tall as the whole list, so the scrollbar tells the truth.
    expect(wrapper.find('.spacer').attributes('style')).toContain(`height: ${10_000 * 72}px`);
  });

  it('renders the rows at the scroll position', async () => {
    const wrapper = mountList();
    const scroller = wrapper.find('[role="listbox"]');
    (scroller.element as HTMLElement).scrollTop = 5_000 * 72;
    await scroller.trigger('scroll');
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    await wrapper.vm.$nextTick();
    const positions = wrapper.findAll('[role="option"]').map((r) => Number(r.attributes('aria-posinset')));
    expect(Math.min(...positions)).toBeGreaterThan(4_900);
    expect(Math.max(...positions)).toBeLessThan(5_100);
  });

  it('is a listbox whose active row is announced', () => {
    const wrapper = mountList({ items: many.slice(0, 3), activeIndex: 1, total: 3 });
    const box = wrapper.find('[role="listbox"]');
    expect(box.attributes('aria-label')).toBe('Chamados: A atender');
    expect(box.attributes('aria-activedescendant')).toBe(`ticket-row-${many[1]!.protocol}`);
    const rows = wrapper.findAll('[role="option"]');
    expect(rows.map((r) => r.attributes('aria-selected'))).toEqual(['false', 'true', 'false']);
    expect(rows[0]!.attributes('aria-setsize')).toBe('3');
  });

  it('asks for the next page when the end comes into view', async () => {
    const wrapper = mountList({ items: many.slice(0, 12), hasMore: true, total: 500 });
    await wrapper.setProps({ items: many.slice(0, 13) });
    expect(wrapper.emitted('load-more')).toBeTruthy();
  });

  it('flags answered tickets and shows waiting time or time left', () => {
    const now = Date.now();
    const wrapper = mountList({
      items: [
        item({ answered: true, waitingSince: new Date(now - 2 * 3_600_000 - 5 * 60_000).toISOString(), status: 'in_progress' }),
        item({ status: 'pending_professional', deadlineAt: new Date(now + 3 * 86_400_000 + 60_000).toISOString() }),
      ],
      total: 2,
    });
    const [first, second] = wrapper.findAll('[role="option"]');
    expect(first!.text()).toContain('Respondido');
    expect(first!.text()).toContain('há 2 h');
    expect(second!.text()).toContain('vence em 3 d');
  });

  it('opens a row on click', async () => {
    const wrapper = mountList({ items: many.slice(0, 3), total: 3 });
    await wrapper.findAll('[role="option"]')[2]!.trigger('click');
    expect(wrapper.emitted('select')).toEqual([[2]]);
    expect(wrapper.emitted('open')).toEqual([[many[2]!.protocol]]);
  });
});
