// The desk's routes with the real guard: a staff member who must still enrol in two-step
// verification reaches only "Minha conta", whatever they ask for.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ME, api, platform, resetApiMock } from '../test/api-mock';
import { useSessionStore } from '../stores/session.store';
import { createDeskRouter } from './index';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
  platform.restoreSession.mockResolvedValue('saved');
  api.me.mockResolvedValue({ ...ME, role: 'admin' });
});

describe('the routes', () => {
  it('keep staff who must enrol on the account page', async () => {
    api.account.mfa.status.mockResolvedValue({ enabled: false, required: true, recoveryCodesLeft: 0 });
    const router = createDeskRouter();
    for (const path of ['/fila/todo', '/admin/auditoria', '/preferencias', '/']) {
      await router.push(path);
      expect(router.currentRoute.value.name, path).toBe('account');
    }
    useSessionStore().enrolled();
    await router.push('/admin/privacidade');
    expect(router.currentRoute.value.name).toBe('admin-privacy');
  });

  it('open the new admin pages to admins only', async () => {
    const router = createDeskRouter();
    for (const [path, name] of [['/admin/auditoria', 'admin-audit'], ['/admin/privacidade', 'admin-privacy'], ['/admin/emails', 'admin-mail'], ['/conta', 'account']] as const) {
      await router.push(path);
      expect(router.currentRoute.value.name).toBe(name);
    }
    setActivePinia(createPinia());
    api.me.mockResolvedValue(ME);
    const attendantRouter = createDeskRouter();
    await attendantRouter.push('/admin/auditoria');
    expect(attendantRouter.currentRoute.value.name).toBe('forbidden');
    await attendantRouter.push('/conta');
    expect(attendantRouter.currentRoute.value.name).toBe('account');
  });
});
