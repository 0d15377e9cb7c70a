import { describe, expect, it } from 'vitest';
import type { ForgotScreen } from './forgot-screen';
import type { ResetScreen } from './reset-screen';
import { $, Offline, Reply, errorOf, expectAccessible, fakeServer, field, mount, settle, submit, testApi, text, type } from '../test/helpers';

describe('<cau-forgot-screen>', () => {
  it('is accessible', async () => {
    expectAccessible(await mount<ForgotScreen>('cau-forgot-screen', { api: testApi(null) }));
  });

  it('starts with one empty field and a way back to the login', async () => {
    const el = await mount<ForgotScreen>('cau-forgot-screen', { api: testApi(null) });
    expect(field(el, 'Identificação ou e-mail').value).toBe('');
    expect($(el, 'a[href="#atendimento/entrar"]')).toBeTruthy();
  });

  it('asks for the reset link and says the same whatever the answer', async () => {
    const server = fakeServer().on('auth.requestPasswordReset', {});
    const el = await mount<ForgotScreen>('cau-forgot-screen', { api: testApi(null) });
    await submit(el);
    expect(errorOf(el, field(el, 'Identificação ou e-mail'))).toBe('Informe a identificação ou o e-mail.');
    type(field(el, 'Identificação ou e-mail'), ' ana@exemplo.com.br ');
    await submit(el);
    expect(server.callsTo('auth.requestPasswordReset')[0]!.input).toEqual({ loginOrEmail: 'ana@exemplo.com.br' });
    expect($(el, '[role="status"]').textContent).toContain('Se houver um cadastro com esses dados, enviamos um link');
  });
});

it('<cau-forgot-screen> says how many minutes to wait after too many requests', async () => {
  fakeServer().on('auth.requestPasswordReset', () => {
    throw new Reply('too_many_attempts', 'Muitas solicitações em pouco tempo. Aguarde 20 minutos e tente novamente.', undefined, 429, { retryAfter: 1190 });
  });
  const el = await mount<ForgotScreen>('cau-forgot-screen', { api: testApi(null) });
  type(field(el, 'Identificação ou e-mail'), 'ana');
  await submit(el);
  expect($(el, '[role="alert"]').textContent).toContain('aguarde 20 minutos e tente novamente.');
  expect($(el, '.card').hidden).toBe(false);
});

describe('<cau-reset-screen>', () => {
  /** The screen once `auth.checkResetToken` has answered (valid unless told otherwise). */
  const screen = async (server = fakeServer(), valid = true) => {
    server.on('auth.checkResetToken', { valid });
    const el = await mount<ResetScreen>('cau-reset-screen', { api: testApi(null), token: 'reset-token-1' });
    await settle(el);
    return el;
  };

  it('is accessible', async () => {
    expectAccessible(await screen());
  });

  it('starts with the new-password field and the SICCAU note', async () => {
    const el = await screen();
    expect(field(el, 'Nova senha').type).toBe('password');
    expect(text(el)).toContain('não é a mesma senha do SICCAU');
  });

  it('checks the link before showing the form', async () => {
    const server = fakeServer().on('auth.checkResetToken', { valid: true });
    const el = await mount<ResetScreen>('cau-reset-screen', { api: testApi(null), token: 'reset-token-1' });
    expect($(el, '[role="status"]').textContent).toContain('Verificando o link');
    expect(el.shadowRoot!.querySelector('form')).toBeNull();
    await settle(el);
    expect(server.callsTo('auth.checkResetToken')[0]!.input).toEqual({ resetToken: 'reset-token-1' });
    expect(field(el, 'Nova senha')).toBeTruthy();
    expect($(el, '[role="status"]').textContent!.trim()).toBe('');
  });

  it('says at once that a spent link cannot be used, with no form, and offers a new one', async () => {
    const server = fakeServer();
    const el = await screen(server, false);
    expectAccessible(el);
    expect(el.shadowRoot!.querySelector('form')).toBeNull();
    expect(el.shadowRoot!.querySelector('input')).toBeNull();
    expect($(el, '[role="status"]').textContent).toContain('já foi usado ou expirou');
    expect($(el, 'a[href="#atendimento/esqueci-minha-senha"]').textContent).toBe('Pedir um novo link');
    expect(server.callsTo('auth.resetPassword')).toHaveLength(0);
  });

  it('shows the form when the link cannot be checked (the reset checks it again)', async () => {
    fakeServer().on('auth.checkResetToken', () => { throw new Offline(); });
    const el = await mount<ResetScreen>('cau-reset-screen', { api: testApi(null), token: 'reset-token-1' });
    await settle(el);
    expect(field(el, 'Nova senha').type).toBe('password');
  });

  it('saves the new password with the token and goes to the login, leaving no link in the history', async () => {
    const server = fakeServer().on('auth.resetPassword', {});
    const el = await screen(server);
    const navigations: CustomEvent[] = [];
    el.addEventListener('navigate', (e) => navigations.push(e as CustomEvent));
    type(field(el, 'Nova senha'), 'Outra-Senha-Forte-9');
    await submit(el);
    expect(server.callsTo('auth.resetPassword')[0]!.input).toEqual({ resetToken: 'reset-token-1', password: 'Outra-Senha-Forte-9' });
    expect(navigations[0]!.detail).toMatchObject({ route: { name: 'login' }, replace: true, flash: { text: 'Senha alterada. Entre com a nova senha.' } });
  });

  it('explains a used or expired link and offers a new one', async () => {
    const server = fakeServer().on('auth.resetPassword', () => { throw new Reply('reset_invalid', 'Este link de redefinição de senha é inválido, já foi usado ou expirou. Peça um novo.'); });
    const el = await screen(server);
    type(field(el, 'Nova senha'), 'Outra-Senha-Forte-9');
    await submit(el);
    expect($(el, '[role="alert"]').textContent).toContain('já foi usado ou expirou');
    expect($(el, 'a[href="#atendimento/esqueci-minha-senha"]').textContent).toBe('Pedir um novo link');
  });

  it('shows a weak password beside the field', async () => {
    const server = fakeServer().on('auth.resetPassword', () => { throw new Reply('weak_password', 'A senha não pode ser igual à identificação (login).', { password: 'A senha não pode ser igual à identificação (login).' }); });
    const el = await screen(server);
    type(field(el, 'Nova senha'), 'ana.souza.2026');
    await submit(el);
    expect(errorOf(el, field(el, 'Nova senha'))).toBe('A senha não pode ser igual à identificação (login).');
  });
});
