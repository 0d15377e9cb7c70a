import { describe, expect, it } from 'vitest';
import type { LoginScreen } from './login-screen';
import { $, Offline, Reply, errorOf, expectAccessible, fakeServer, field, mount, submit, testApi, type } from '../test/helpers';

const USER = { id: 'u1', role: 'professional', name: 'Ana Lúcia Conceição', login: 'ana', email: 'ana@exemplo.com.br', cpf: '529.982.247-25' };

async function screen() {
  return mount<LoginScreen>('cau-login-screen', { api: testApi(null) });
}

describe('<cau-login-screen>', () => {
  it('is accessible: labelled fields, errors in live regions, a heading', async () => {
    const el = await screen();
    expectAccessible(el);
    expect(field(el, 'Identificação (login)').getAttribute('autocomplete')).toBe('username');
    expect(field(el, 'Senha').getAttribute('autocomplete')).toBe('current-password');
  });

  it('starts empty, with "manter conectado" unticked and the ways to signup and recovery', async () => {
    const el = await screen();
    expect(field(el, 'Identificação (login)').value).toBe('');
    expect(field(el, 'Senha').type).toBe('password');
    expect(field(el, 'Manter conectado neste computador').checked).toBe(false);
    expect($(el, 'a[href="#atendimento/esqueci-minha-senha"]').textContent).toBe('Esqueci minha senha');
    expect($(el, 'a[href="#atendimento/cadastro"]').textContent).toBe('Cadastre-se');
  });

  it('shows the notice it is given (a ticket link waiting for login)', async () => {
    const el = await mount<LoginScreen>('cau-login-screen', { api: testApi(null), notice: 'Entre para ver o chamado 2026-000042.' });
    expect($(el, '[role="status"]').textContent).toContain('Entre para ver o chamado 2026-000042.');
  });

  it('asks for both fields before calling the server, and focuses the first', async () => {
    const server = fakeServer();
    const el = await screen();
    await submit(el);
    expect(errorOf(el, field(el, 'Identificação (login)'))).toBe('Informe a identificação.');
    expect(errorOf(el, field(el, 'Senha'))).toBe('Informe a senha.');
    expect(field(el, 'Identificação (login)').getAttribute('aria-invalid')).toBe('true');
    expect(el.shadowRoot!.activeElement).toBe(field(el, 'Identificação (login)'));
    expect($(el, '[role="alert"]').textContent).toContain('Corrija os 2 campos destacados.');
    expect(server.calls).toHaveLength(0);
  });

  it('signs in and tells the root, with "manter conectado"', async () => {
    const server = fakeServer().on('auth.login', { token: 'tok-abcdefghijk', user: USER });
    const el = await screen();
    const events: CustomEvent[] = [];
    el.addEventListener('signed-in', (e) => events.push(e as CustomEvent));
    type(field(el, 'Identificação (login)'), ' ana ');
    type(field(el, 'Senha'), 'Projeto-Casa-2026');
    const remember = field(el, 'Manter conectado neste computador');
    remember.checked = true;
    remember.dispatchEvent(new Event('change'));
    await submit(el);
    expect(server.callsTo('auth.login')[0]!.input).toEqual({ login: 'ana', password: 'Projeto-Casa-2026' });
    expect(events[0]!.detail).toEqual({ session: { token: 'tok-abcdefghijk', user: USER }, remember: true });
  });

  it('shows the server message for wrong credentials and keeps what was typed', async () => {
    fakeServer().on('auth.login', () => { throw new Reply('bad_credentials', 'Identificação ou senha incorretas.', undefined, 401); });
    const el = await screen();
    type(field(el, 'Identificação (login)'), 'ana');
    type(field(el, 'Senha'), 'errada-123');
    await submit(el);
    expect($(el, '[role="alert"]').textContent).toContain('Identificação ou senha incorretas.');
    expect(field(el, 'Identificação (login)').value).toBe('ana');
    // The refused password is not kept for another try: the field is empty and has the focus.
    expect(field(el, 'Senha').value).toBe('');
    expect(el.shadowRoot!.activeElement).toBe(field(el, 'Senha'));
  });

  it('on a network failure offers to try again, keeping the fields, and the retry works', async () => {
    let offline = true;
    const server = fakeServer().on('auth.login', () => {
      if (offline) throw new Offline();
      return { token: 'tok-abcdefghijk', user: USER };
    });
    const el = await screen();
    const events: Event[] = [];
    el.addEventListener('signed-in', (e) => events.push(e));
    type(field(el, 'Identificação (login)'), 'ana');
    type(field(el, 'Senha'), 'Projeto-Casa-2026');
    await submit(el);
    expect($(el, '[role="alert"]').textContent).toContain('Não foi possível falar com o servidor');
    expect(field(el, 'Senha').value).toBe('Projeto-Casa-2026');
    offline = false;
    const retry = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Tentar novamente')!;
    expect(retry).toBeDefined();
    expect(retry.type).toBe('submit');
    await submit(el);
    expect(server.callsTo('auth.login')).toHaveLength(2);
    expect(events).toHaveLength(1);
  });

  it('turns staff accounts away and closes the session they just opened', async () => {
    const server = fakeServer()
      .on('auth.login', { token: 'staff-token-123', user: { ...USER, role: 'attendant' } })
      .on('auth.logout', {});
    const el = await screen();
    const events: Event[] = [];
    el.addEventListener('signed-in', (e) => events.push(e));
    type(field(el, 'Identificação (login)'), 'bruno');
    type(field(el, 'Senha'), 'Atendimento-Seguro-1');
    await submit(el);
    expect($(el, '[role="alert"]').textContent).toContain('Este portal é para profissionais');
    expect(server.callsTo('auth.logout')[0]!.authorization).toBe('Bearer staff-token-123');
    expect(events).toHaveLength(0);
  });

  it('shows the password on request', async () => {
    const el = await screen();
    const toggle = field(el, 'Mostrar senha');
    toggle.checked = true;
    toggle.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(field(el, 'Senha').type).toBe('text');
  });

  it('says how many minutes to wait after too many attempts', async () => {
    fakeServer().on('auth.login', () => {
      throw new Reply('too_many_attempts', 'Muitas tentativas de acesso. Aguarde 15 minutos e tente novamente.', undefined, 429, { retryAfter: 900 });
    });
    const el = await screen();
    type(field(el, 'Identificação (login)'), 'ana');
    type(field(el, 'Senha'), 'errada-123');
    await submit(el);
    expect($(el, '[role="alert"]').textContent).toContain('Muitas tentativas em pouco tempo. Por segurança, aguarde 15 minutos e tente novamente.');
    expect(field(el, 'Identificação (login)').value).toBe('ana');
  });
});
