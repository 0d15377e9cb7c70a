import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Staff } from '../api';
import { ME, api, resetApiMock } from '../test/api-mock';
import { useSessionStore } from '../stores/session.store';
import AdminStaffView from './AdminStaffView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

const carla: Staff = { id: 'c'.repeat(24), name: 'Carla Colega', login: 'carla', email: 'carla@causp.test', role: 'attendant', disabled: false, createdAt: '2026-03-01T12:00:00.000Z' };

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
  useSessionStore().user = { ...ME, role: 'admin' };
  api.staff.list.mockResolvedValue([carla]);
  api.staff.disable.mockResolvedValue({ ...carla, disabled: true });
});

describe('the staff page', () => {
  it('asks before disabling an account, and disables nothing on cancel', async () => {
    const wrapper = mount(AdminStaffView, { attachTo: document.body });
    await flushPromises();
    const disable = () => wrapper.findAll('button').find((b) => b.text().startsWith('Desativar'))!;
    await disable().trigger('click');
    expect(api.staff.disable).not.toHaveBeenCalled();
    const dialog = () => wrapper.findAll('dialog').find((d) => d.text().includes('Desativar esta conta?'))!;
    expect(dialog().text()).toMatch(/Carla Colega não conseguirá mais entrar/);
    await dialog().findAll('button').find((b) => b.text() === 'Cancelar')!.trigger('click');
    expect(api.staff.disable).not.toHaveBeenCalled();

    await disable().trigger('click');
    await dialog().find('form').trigger('submit');
    await flushPromises();
    expect(api.staff.disable).toHaveBeenCalledWith(carla.id);
    wrapper.unmount();
  });
});
