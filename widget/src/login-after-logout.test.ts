import { describe, expect, it } from 'vitest';
import type { CauAtendimento } from './cau-atendimento';
import { sessionKey } from './controllers/session.controller';
import { $, API, Reply, fakeServer, field, settle, submit, type } from './test/helpers';

const USER = { id: 'u1', role: 'professional', name: 'Ana Lúcia Conceição', login: 'ana', email: 'ana@exemplo.com.br', cpf: '529.982.247-25' };
const MINE = { counts: { open: 0, pending_professional: 0, awaiting_approval: 0, closed: 0 }, items: [], nextCursor: null, waiting: [] };

describe('<cau-atendimento> after "Sair"', () => {
  it('drops "Você saiu…" when the next login attempt fails, so only that failure shows', async () => {
    fakeServer().on('auth.me', USER).on('tickets.mine', MINE).on('auth.logout', {})
      .on('auth.login', () => { throw new Reply('bad_credentials', 'Identificação ou senha incorretas.', undefined, 401); });
    sessionStorage.setItem(sessionKey(API), JSON.stringify({ token: 'tok-123456789012', user: USER }));
    const el = document.createElement('cau-atendimento') as CauAtendimento;
    el.setAttribute('api', API);
    document.body.append(el);
    await settle(el, 5);
    $(el, 'button.logout').click();
    await settle(el);
    expect($(el, '.flash-region').textContent).toContain('Você saiu do Portal de Atendimento.');
    const login = $(el, '.screen-host > *') as HTMLElement & import('lit').LitElement;
    type(field(login, 'Identificação (login)'), 'ana');
    type(field(login, 'Senha'), 'errada-123');
    await submit(login);
    await settle(el);
    expect($(el, '.flash-region').textContent!.trim()).toBe('');
    expect($(login, '[role="alert"]').textContent).toContain('Identificação ou senha incorretas.');
    expect(field(login, 'Senha').value).toBe('');
  });
});
