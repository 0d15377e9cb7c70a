import { describe, expect, it } from 'vitest';
import type { SignupAccessScreen } from './signup-access-screen';
import { $, Reply, errorOf, expectAccessible, fakeServer, field, mount, submit, testApi, text, type } from '../test/helpers';

const DRAFT = { name: 'Ana Lúcia Conceição', cpf: '529.982.247-25', email: 'ana@exemplo.com.br', signupToken: 'signed.token' };
const USER = { id: 'u1', role: 'professional', name: DRAFT.name, login: 'ana.souza', email: DRAFT.email, cpf: DRAFT.cpf };

async function screen() {
  return mount<SignupAccessScreen>('cau-signup-access-screen', { api: testApi(null), draft: DRAFT });
}

describe('<cau-signup-access-screen> (step 2)', () => {
  it('is accessible, with the password hint and strength announced', async () => {
    const el = await screen();
    expectAccessible(el);
    expect(field(el, 'Senha').getAttribute('autocomplete')).toBe('new-password');
    expect($(el, '.strength [aria-live]')).toBeTruthy();
  });

  it('says plainly that this is not the SICCAU password, and shows the data of step 1', async () => {
    const el = await screen();
    expect(text(el)).toContain('A senha do Portal de Atendimento não é a mesma senha do SICCAU');
    expect(text(el)).toContain('529.982.247-25');
    expect(text(el)).toContain('Etapa 2 de 2');
  });

  it('rates the password as it is typed', async () => {
    const el = await screen();
    type(field(el, 'Senha'), 'abc');
    await el.updateComplete;
    expect($(el, '.strength').textContent).toContain('Força da senha: Muito fraca');
    type(field(el, 'Senha'), 'abcdefgh');
    await el.updateComplete;
    expect($(el, '.strength').textContent).toContain('Força da senha: Fraca');
    type(field(el, 'Senha'), 'Projeto-Casa-2026!');
    await el.updateComplete;
    expect($(el, '.strength').textContent).toContain('Força da senha: Forte');
  });

  it('refuses a bad login and a password equal to the CPF before calling the server', async () => {
    const server = fakeServer();
    const el = await screen();
    type(field(el, 'Identificação (login)'), 'a b');
    type(field(el, 'Senha'), '52998224725');
    await submit(el);
    expect(errorOf(el, field(el, 'Identificação (login)'))).toMatch(/de 3 a 32 caracteres/);
    expect(errorOf(el, field(el, 'Senha'))).toBe('A senha não pode ser o seu CPF.');
    expect(server.calls).toHaveLength(0);
  });

  it('creates the account with auth.signup and signs in (this tab only)', async () => {
    const server = fakeServer().on('auth.signup', { token: 'tok-abcdefghijk', user: USER });
    const el = await screen();
    const events: CustomEvent[] = [];
    el.addEventListener('signed-in', (e) => events.push(e as CustomEvent));
    type(field(el, 'Identificação (login)'), 'Ana.Souza');
    type(field(el, 'Senha'), 'Projeto-Casa-2026');
    await submit(el);
    expect(server.callsTo('auth.signup')[0]!.input).toEqual({ signupToken: 'signed.token', login: 'ana.souza', password: 'Projeto-Casa-2026' });
    expect(events[0]!.detail).toMatchObject({ remember: false, flash: { tone: 'success', text: 'Cadastro concluído. Boas-vindas, Ana!' } });
  });

  it('shows a taken login beside the field', async () => {
    fakeServer().on('auth.signup', () => { throw new Reply('login_taken', 'Esta identificação já está em uso. Escolha outra.', { login: 'Esta identificação já está em uso.' }, 409); });
    const el = await screen();
    type(field(el, 'Identificação (login)'), 'ana.souza');
    type(field(el, 'Senha'), 'Projeto-Casa-2026');
    await submit(el);
    expect(errorOf(el, field(el, 'Identificação (login)'))).toBe('Esta identificação já está em uso.');
    expect(field(el, 'Senha').value).toBe('Projeto-Casa-2026');
  });

  it('sends the professional back to step 1 when the signup token expired', async () => {
    fakeServer().on('auth.signup', () => { throw new Reply('signup_expired', 'O cadastro expirou. Preencha novamente nome, CPF e e-mail.'); });
    const el = await screen();
    const navigations: CustomEvent[] = [];
    el.addEventListener('navigate', (e) => navigations.push(e as CustomEvent));
    type(field(el, 'Identificação (login)'), 'ana.souza');
    type(field(el, 'Senha'), 'Projeto-Casa-2026');
    await submit(el);
    expect(navigations[0]!.detail).toMatchObject({ route: { name: 'signup' }, flash: { text: 'O cadastro expirou. Preencha novamente nome, CPF e e-mail.' } });
  });
});
