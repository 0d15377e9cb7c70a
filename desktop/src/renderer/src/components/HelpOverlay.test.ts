import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../lib/shortcuts';
import HelpOverlay from './HelpOverlay.vue';

describe('the shortcuts help', () => {
  it('lists every shortcut, including the queue keys', () => {
    const wrapper = mount(HelpOverlay, { props: { open: false } });
    const text = wrapper.text();
    for (const item of SHORTCUTS.flatMap((g) => g.items)) expect(text).toContain(item.description);
    for (const key of ['j', 'k', 'Enter', 't', '?']) expect(wrapper.findAll('kbd').map((k) => k.text())).toContain(key);
  });

  it('is a labelled dialog that closes on request', async () => {
    const wrapper = mount(HelpOverlay, { props: { open: true } });
    expect(wrapper.find('dialog').attributes('aria-labelledby')).toBe('help-title');
    await wrapper.find('dialog').trigger('keydown', { key: '?' });
    expect(wrapper.emitted('close')).toHaveLength(1);
  });
});
