import { beforeEach, describe, expect, it } from 'vitest';
import type { SignupScreen } from './signup-screen';
import { $, Reply, errorOf, expectAccessible, fakeServer, field, mount, settle, submit, testApi, text, type } from '../test/helpers';
import { PRIVACY } from '../test/account';
import type { PrivacyNotice } from '../elements/privacy-notice';

async function screen(props: Record<string, unknown> = {}) {
  return mount<SignupScreen>('cau-signup-screen', { api: testApi(null), ...props });
}

function fill(el: SignupScreen, values = { name: 'Ana Lúcia Conceição', cpf: '52998224725', email: 'ana@exemplo.com.br' }) {
  type(field(el, 'Nome completo'), values.name);
  type(field(el, 'CPF'), values.cpf);
  type(field(el, 'E-mail'), values.email);
}

describe('<cau-signup-screen> (step 1)', () => {
  // The privacy notice asks for the DPO's contact as soon as the screen shows.
  beforeEach(() => {
    fakeServer().on('portal.privacy', PRIVACY);
  });

  it('is accessible: labelled fields with hints, live errors, the step named', async () => {
    const el = await screen();
    expectAccessible(el);
    expect(field(el, 'CPF').getAttribute('inputmode')).toBe('numeric');
    expect(field(el, 'E-mail').type).toBe('email');
    expect($(el, '[aria-current="step"]').textContent).toContain('Seus dados');
  });

  it('shows the privacy notice before "Continuar", with the controller and DPO from the server', async () => {
    const server = fakeServer().on('portal.privacy', PRIVACY);
    const el = await screen();
    const notice = $<PrivacyNotice>(el, 'form cau-privacy-notice');
    await settle(notice);
    expect(server.callsTo('portal.privacy')).toHaveLength(1);
    expect(text(notice)).toContain('Aviso de privacidade');
    expect(text(notice)).toContain('Pedimos seu nome, CPF e e-mail para identificar você e atender seus chamados');
    expect(text(notice)).toContain('Maria Encarregada · dpo@causp.gov.br');
    const submitButton = $(el, 'button[type="submit"]');
    expect(notice.compareDocumentPosition(submitButton) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('starts empty on step 1 of 2, or with the data typed before', async () => {
    expect(text(await screen())).toContain('Etapa 1 de 2');
    const el = await screen({ draft: { name: 'Ana Souza', cpf: '529.982.247-25', email: 'a@b.com', signupToken: 't' } });
    expect(field(el, 'CPF').value).toBe('529.982.247-25');
  });

  it('masks the CPF as it is typed', async () => {
    const el = await screen();
    const cpf = field(el, 'CPF');
    type(cpf, '5299822');
    await el.updateComplete;
    expect(cpf.value).toBe('529.982.2');
    type(cpf, '529.982.247-25');
    await el.updateComplete;
    expect(cpf.value).toBe('529.982.247-25');
  });

  it('checks the CPF digits live: invalid at once, valid confirmed', async () => {
    const el = await screen();
    const cpf = field(el, 'CPF');
    type(cpf, '529982247');
    await el.updateComplete;
    expect(errorOf(el, cpf)).toBe('');
    type(cpf, '52998224724');
    await el.updateComplete;
    expect(errorOf(el, cpf)).toBe('CPF inválido. Confira os números digitados.');
    expect(cpf.getAttribute('aria-invalid')).toBe('true');
    type(cpf, '111.111.111-11');
    await el.updateComplete;
    expect(errorOf(el, cpf)).toBe('CPF inválido. Confira os números digitados.');
    type(cpf, '52998224725');
    await el.updateComplete;
    expect(errorOf(el, cpf)).toBe('');
    expect($(el, '.ok').textContent).toBe('CPF válido.');
  });

  it('refuses an incomplete name or e-mail before calling the server', async () => {
    const server = fakeServer();
    const el = await screen();
    fill(el, { name: 'Ana', cpf: '52998224725', email: 'ana@' });
    await submit(el);
    expect(errorOf(el, field(el, 'Nome completo'))).toBe('Informe o nome completo (nome e sobrenome).');
    expect(errorOf(el, field(el, 'E-mail'))).toBe('E-mail inválido. Confira o endereço digitado.');
    expect(server.callsTo('auth.checkSignup')).toHaveLength(0);
  });

  it('sends name, CPF and e-mail to auth.checkSignup and hands the token on', async () => {
    const server = fakeServer().on('auth.checkSignup', { signupToken: 'signed.token' });
    const el = await screen();
    const drafts: CustomEvent[] = [];
    el.addEventListener('signup-draft', (e) => drafts.push(e as CustomEvent));
    fill(el);
    await submit(el);
    expect(server.callsTo('auth.checkSignup')[0]!.input).toEqual({ name: 'Ana Lúcia Conceição', cpf: '529.982.247-25', email: 'ana@exemplo.com.br' });
    expect(drafts[0]!.detail).toEqual({ name: 'Ana Lúcia Conceição', cpf: '529.982.247-25', email: 'ana@exemplo.com.br', signupToken: 'signed.token' });
  });

  it('shows a taken CPF or e-mail beside its field, with the way to log in', async () => {
    fakeServer().on('auth.checkSignup', () => {
      throw new Reply('email_taken', 'Já existe um cadastro com este e-mail. Entre com sua identificação ou use "Esqueci minha senha".', { email: 'Já existe um cadastro com este e-mail.' }, 409);
    });
    const el = await screen();
    fill(el);
    await submit(el);
    expect(errorOf(el, field(el, 'E-mail'))).toBe('Já existe um cadastro com este e-mail.');
    expect($(el, '[role="alert"]').textContent).toContain('Esqueci minha senha');
    expect(el.shadowRoot!.activeElement).toBe(field(el, 'E-mail'));
    expect($(el, 'form a[href="#atendimento/entrar"]')).toBeTruthy();
  });

  it('says how long to wait after too many signups from one place', async () => {
    fakeServer().on('auth.checkSignup', () => {
      throw new Reply('too_many_attempts', 'Muitas solicitações em pouco tempo. Aguarde 45 minutos e tente novamente.', undefined, 429, { retryAfter: 2641 });
    });
    const el = await screen();
    fill(el);
    await submit(el);
    expect($(el, '[role="alert"]').textContent).toContain('Muitas tentativas em pouco tempo. Por segurança, aguarde 45 minutos e tente novamente.');
    expect(field(el, 'Nome completo').value).toBe('Ana Lúcia Conceição');
  });
});
