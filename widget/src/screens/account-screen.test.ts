import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountScreen } from './account-screen';
import { $, $$, Offline, Reply, errorOf, expectAccessible, fakeServer, field, mount, settle, submit, testApi, text, type } from '../test/helpers';
import { PRIVACY, SESSIONS } from '../test/account';

const USER = { id: 'u1', role: 'professional' as const, name: 'Ana Lúcia Conceição', login: 'ana.souza', email: 'ana@exemplo.com.br', cpf: '52998224725' };

function server() {
  return fakeServer().on('account.sessions', SESSIONS).on('portal.privacy', PRIVACY);
}

async function screen() {
  const el = await mount<AccountScreen>('cau-account-screen', { api: testApi('tok-current-0001'), user: USER });
  await settle(el);
  return el;
}

function button(el: AccountScreen, name: string | RegExp): HTMLButtonElement {
  const found = $$<HTMLButtonElement>(el, 'button').find((b) => {
    const label = (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim();
    return typeof name === 'string' ? label === name : name.test(label);
  });
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

/** What a form in a section says in its alert region. */
function alertIn(el: AccountScreen, section: string): string {
  return ($(el, `section[aria-labelledby="${section}"] [role="alert"]`).textContent ?? '').replace(/\s+/g, ' ').trim();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('<cau-account-screen>', () => {
  it('is accessible: named sections, labelled password fields, errors in live regions, each "Encerrar" naming its device', async () => {
    server();
    const el = await screen();
    expectAccessible(el);
    const titles = $$(el, 'section[aria-labelledby]').map((s) => el.shadowRoot!.getElementById(s.getAttribute('aria-labelledby')!)!.textContent);
    expect(titles).toEqual(['Minha conta', 'Seus dados', 'Alterar senha', 'Dispositivos conectados']);
    expect(field(el, 'Senha atual').getAttribute('autocomplete')).toBe('current-password');
    expect(field(el, 'Nova senha').getAttribute('autocomplete')).toBe('new-password');
    const revoke = $$(el, '.revoke').map((b) => b.getAttribute('aria-label'));
    expect(revoke).toEqual([
      'Encerrar a sessão de Safari no iPhone, último uso em 02/03/2026 10:30',
      'Encerrar a sessão de Firefox no Windows, último uso em 20/02/2026 06:00',
    ]);
    // The visible word is part of the accessible name (WCAG 2.5.3).
    for (const b of $$(el, '.revoke')) expect(b.getAttribute('aria-label')).toContain(b.textContent!.trim());
  });

  it('shows the professional’s data, the CPF formatted, and the devices, this one marked and not endable', async () => {
    server();
    const el = await screen();
    const facts = $$(el, '.facts dt').map((dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`);
    expect(facts).toEqual(['Nome: Ana Lúcia Conceição', 'CPF: 529.982.247-25', 'E-mail: ana@exemplo.com.br', 'Identificação (login): ana.souza']);
    expect($<HTMLAnchorElement>(el, 'a[href^="mailto:"]').getAttribute('href')).toBe('mailto:dpo@causp.gov.br');
    expect(field(el, 'Senha atual').value).toBe('');
    expect(field(el, 'Nova senha').type).toBe('password');
    expect(text(el)).toContain('A senha do Portal de Atendimento não é a mesma senha do SICCAU.');

    const rows = $$(el, '.session');
    expect(rows.map((r) => r.querySelector('.device')!.textContent)).toEqual(['Chrome no Linux', 'Safari no iPhone', 'Firefox no Windows']);
    expect(rows[0]!.textContent).toContain('Este dispositivo');
    expect(rows[0]!.querySelector('button')).toBeNull();
    expect(rows[0]!.textContent).toContain('127.0.0.1');
    expect(rows[1]!.textContent!.replace(/\s+/g, ' ')).toContain('IP189.40.1.7');
    expect(rows[1]!.querySelector('time')!.textContent).toBe('02/03/2026 10:30');
    expect(rows[2]!.textContent).toContain('não registrado');
    expect(rows.slice(1).every((r) => r.querySelector('button')?.textContent?.trim() === 'Encerrar')).toBe(true);
    expect(button(el, 'Sair de todos os dispositivos').getAttribute('aria-describedby')).toBe('everywhere-hint');
  });

  it('downloads all the data as meus-dados-cau-sp-<login>.json through a Blob URL', async () => {
    const exported = { exportedAt: '2026-03-03T18:00:00.000Z', account: { login: 'ana.souza' }, tickets: [{ protocol: '2026-000042' }] };
    const s = server().on('account.exportData', exported);
    const el = await screen();
    // Watched, not replaced: the real Blob URL is made.
    const createObjectURL = vi.spyOn(URL, 'createObjectURL');
    const clicks: { download: string; href: string }[] = [];
    el.shadowRoot!.addEventListener('click', (event) => {
      const target = event.target;
      if (target instanceof HTMLAnchorElement) {
        clicks.push({ download: target.download, href: target.href });
        event.preventDefault();
      }
    }, true);

    button(el, 'Baixar meus dados').click();
    await settle(el);
    expect(s.callsTo('account.exportData')[0]).toMatchObject({ method: 'GET', authorization: 'Bearer tok-current-0001' });
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    const blob = createObjectURL.mock.calls[0]![0] as Blob;
    expect(clicks).toEqual([{ download: 'meus-dados-cau-sp-ana.souza.json', href: createObjectURL.mock.results[0]!.value }]);
    expect(clicks[0]!.href).toMatch(/^blob:/);
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text())).toEqual(exported);
    expect(el.shadowRoot!.querySelector('a[download]')).toBeNull();
    expect($(el, '.export [role="status"]').textContent).toContain('Arquivo meus-dados-cau-sp-ana.souza.json baixado.');
  });

  it('says when the data could not be exported, and lets it be tried again', async () => {
    let offline = true;
    server().on('account.exportData', () => {
      if (offline) throw new Offline();
      return { tickets: [] };
    });
    const el = await screen();
    el.shadowRoot!.addEventListener('click', (event) => event.target instanceof HTMLAnchorElement && event.preventDefault(), true);
    button(el, 'Baixar meus dados').click();
    await settle(el);
    expect(alertIn(el, 'data-title')).toContain('Não foi possível falar com o servidor');
    offline = false;
    button(el, 'Baixar meus dados').click();
    await settle(el);
    expect(alertIn(el, 'data-title')).toBe('');
    expect($(el, '.export [role="status"]').textContent).toContain('baixado');
  });

  it('checks both password fields before calling the server', async () => {
    const s = server();
    const el = await screen();
    await submit(el);
    expect(errorOf(el, field(el, 'Senha atual'))).toBe('Informe a senha atual.');
    expect(errorOf(el, field(el, 'Nova senha'))).toBe('Informe a nova senha.');
    expect(el.shadowRoot!.activeElement).toBe(field(el, 'Senha atual'));
    type(field(el, 'Senha atual'), 'Projeto-Casa-2026');
    type(field(el, 'Nova senha'), 'ana.souza');
    await submit(el);
    expect(errorOf(el, field(el, 'Nova senha'))).not.toBe('');
    expect($(el, '.strength').textContent).toContain('Força da senha');
    expect(s.callsTo('account.changePassword')).toHaveLength(0);
  });

  it('changes the password, hands the new token to the widget, and says the other devices were signed out', async () => {
    let sessions = SESSIONS;
    const s = fakeServer()
      .on('portal.privacy', PRIVACY)
      .on('account.sessions', () => sessions)
      .on('account.changePassword', () => {
        sessions = [{ ...SESSIONS[0]!, id: 'b'.repeat(24) }];
        return { token: 'tok-renewed-0001' };
      });
    const el = await screen();
    const renewed: CustomEvent[] = [];
    el.addEventListener('session-renewed', (e) => renewed.push(e as CustomEvent));
    type(field(el, 'Senha atual'), 'Projeto-Casa-2026');
    type(field(el, 'Nova senha'), 'Outra-Senha-Forte-9');
    await submit(el);
    await settle(el);
    expect(s.callsTo('account.changePassword')[0]!.input).toEqual({ currentPassword: 'Projeto-Casa-2026', newPassword: 'Outra-Senha-Forte-9' });
    expect(renewed.map((e) => e.detail)).toEqual([{ token: 'tok-renewed-0001' }]);
    expect($(el, 'section[aria-labelledby="password-title"] [role="status"]').textContent)
      .toContain('Senha alterada. Os outros dispositivos foram desconectados; este continua conectado.');
    expect(field(el, 'Senha atual').value).toBe('');
    expect(field(el, 'Nova senha').value).toBe('');
    expect(s.callsTo('account.sessions')).toHaveLength(2);
    expect($$(el, '.session')).toHaveLength(1);
    expect(text(el)).toContain('Nenhum outro dispositivo está conectado.');
  });

  it('shows a wrong current password beside its field, keeping what was typed', async () => {
    server().on('account.changePassword', () => {
      throw new Reply('bad_credentials', 'A senha atual está incorreta.', { currentPassword: 'A senha atual está incorreta.' }, 401);
    });
    const el = await screen();
    type(field(el, 'Senha atual'), 'errada-123');
    type(field(el, 'Nova senha'), 'Outra-Senha-Forte-9');
    await submit(el);
    expect(errorOf(el, field(el, 'Senha atual'))).toBe('A senha atual está incorreta.');
    expect(el.shadowRoot!.activeElement).toBe(field(el, 'Senha atual'));
    expect(field(el, 'Nova senha').value).toBe('Outra-Senha-Forte-9');
  });

  it('says how many minutes to wait after too many wrong passwords', async () => {
    server().on('account.changePassword', () => {
      throw new Reply('too_many_attempts', 'Muitas tentativas de acesso. Aguarde 15 minutos e tente novamente.', undefined, 429, { retryAfter: 61 });
    });
    const el = await screen();
    type(field(el, 'Senha atual'), 'errada-123');
    type(field(el, 'Nova senha'), 'Outra-Senha-Forte-9');
    await submit(el);
    expect(alertIn(el, 'password-title')).toBe('Muitas tentativas em pouco tempo. Por segurança, aguarde 2 minutos e tente novamente.');
  });

  it('ends another device’s session, says so, and keeps the keyboard on the next one', async () => {
    const s = server().on('account.revokeSession', {});
    const el = await screen();
    button(el, /Safari no iPhone/).click();
    await settle(el);
    expect(s.callsTo('account.revokeSession')[0]!.input).toEqual({ id: SESSIONS[1]!.id });
    expect($$(el, '.session .device').map((d) => d.textContent)).toEqual(['Chrome no Linux', 'Firefox no Windows']);
    expect($(el, '.sessions-card [role="status"]').textContent).toBe('Sessão de Safari no iPhone encerrada.');
    expect(el.shadowRoot!.activeElement).toBe(button(el, /Firefox no Windows/));
    button(el, /Firefox no Windows/).click();
    await settle(el);
    expect(el.shadowRoot!.activeElement).toBe($(el, '#sessions-title'));
    expect(text(el)).toContain('Nenhum outro dispositivo está conectado.');
  });

  it('takes a session that already ended off the list, and shows other failures', async () => {
    let reply = new Reply('not_found', 'Sessão não encontrada.', undefined, 404);
    server().on('account.revokeSession', () => { throw reply; });
    const el = await screen();
    button(el, /Safari no iPhone/).click();
    await settle(el);
    expect($$(el, '.session')).toHaveLength(2);
    expect(alertIn(el, 'sessions-title')).toBe('');
    reply = new Reply('internal', 'Ocorreu um erro inesperado. Tente novamente em instantes.', undefined, 500);
    button(el, /Firefox no Windows/).click();
    await settle(el);
    expect($$(el, '.session')).toHaveLength(2);
    expect(alertIn(el, 'sessions-title')).toBe('Ocorreu um erro inesperado. Tente novamente em instantes.');
  });

  it('signs out of every device and tells the widget', async () => {
    const s = server().on('account.logoutEverywhere', { ended: 3 });
    const el = await screen();
    const out: CustomEvent[] = [];
    el.addEventListener('signed-out', (e) => out.push(e as CustomEvent));
    button(el, 'Sair de todos os dispositivos').click();
    await settle(el);
    expect(s.callsTo('account.logoutEverywhere')[0]).toMatchObject({ method: 'POST', authorization: 'Bearer tok-current-0001' });
    expect(out.map((e) => e.detail)).toEqual([{ flash: { text: 'Você saiu de todos os dispositivos. Entre novamente para continuar.', tone: 'info' } }]);
  });

  it('offers to load the devices again when they could not be loaded', async () => {
    let offline = true;
    fakeServer().on('portal.privacy', PRIVACY).on('account.sessions', () => {
      if (offline) throw new Offline();
      return SESSIONS;
    });
    const el = await screen();
    expect(alertIn(el, 'sessions-title')).toContain('Não foi possível falar com o servidor');
    offline = false;
    button(el, 'Tentar novamente').click();
    await settle(el);
    expect($$(el, '.session')).toHaveLength(3);
    expect(alertIn(el, 'sessions-title')).toBe('');
  });
});
