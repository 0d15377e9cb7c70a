import { describe, expect, it, vi } from 'vitest';
import type { CauAtendimento } from './cau-atendimento';
import { sessionKey } from './controllers/session.controller';
import { $, API, Reply, expectAccessible, fakeServer, field, settle, shadow, submit, text, type } from './test/helpers';
import { PRIVACY, SESSIONS } from './test/account';
import { summary, ticket } from './test/tickets';

const USER = { id: 'u1', role: 'professional', name: 'Ana Lúcia Conceição', login: 'ana', email: 'ana@exemplo.com.br', cpf: '529.982.247-25' };
const SESSION = { token: 'tok-123456789012', user: USER };
const MINE = { counts: { open: 1, pending_professional: 0, awaiting_approval: 0, closed: 0 }, items: [summary(42)], nextCursor: null, waiting: [] };

async function widget(attributes: Record<string, string> = { api: API }) {
  const el = document.createElement('cau-atendimento') as CauAtendimento;
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  document.body.append(el);
  await settle(el, 5);
  return el;
}

/** The screen element the widget shows now. */
function current(el: CauAtendimento) {
  return $(el, '.screen-host > *') as HTMLElement & import('lit').LitElement;
}

function signedIn(remember = false) {
  (remember ? localStorage : sessionStorage).setItem(sessionKey(API), JSON.stringify(SESSION));
}

describe('<cau-atendimento>', () => {
  it('is accessible: the shell has named navigation once signed in, a live region for confirmations', async () => {
    fakeServer().on('auth.me', USER).on('tickets.mine', MINE);
    signedIn();
    const el = await widget();
    expectAccessible(el, { heading: false });
    expect($(el, 'nav').getAttribute('aria-label')).toBe('Atendimento');
    expect($(el, '[role="status"]')).toBeTruthy();
    expect($(el, 'nav a[aria-current="page"]').textContent).toBe('Meus chamados');
  });

  it('keeps the list filter in the address, in place (same screen, focus stays), and a reload shows the same list', async () => {
    const server = fakeServer().on('auth.me', USER).on('tickets.mine', MINE);
    signedIn();
    history.replaceState(null, '', '#atendimento/chamados');
    const el = await widget();
    const list = current(el);
    const select = $(list, '#status') as HTMLSelectElement;
    select.focus();
    select.value = 'closed';
    select.dispatchEvent(new Event('change'));
    await settle(el, 5);
    expect(location.hash).toBe('#atendimento/chamados?situacao=fechado');
    expect(current(el)).toBe(list);
    expect(list.shadowRoot!.activeElement).toBe(select);
    expect(server.callsTo('tickets.mine').at(-1)!.input).toEqual({ status: 'closed' });
    el.remove();

    const again = await widget();
    expect(server.callsTo('tickets.mine').at(-1)!.input).toEqual({ status: 'closed' });
    expect(($(current(again), '#status') as HTMLSelectElement).value).toBe('closed');
    // "Meus chamados" in the nav (the plain address) shows every ticket again.
    history.replaceState(null, '', '#atendimento/chamados');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle(again, 5);
    expect(server.callsTo('tickets.mine').at(-1)!.input).toEqual({});
    expect(($(current(again), '#status') as HTMLSelectElement).value).toBe('');
  });

  it('shows the login to a visitor and the ticket list to a professional with a session', async () => {
    fakeServer().on('auth.me', USER).on('tickets.mine', MINE);
    const visitor = await widget();
    expect(current(visitor).tagName).toBe('CAU-LOGIN-SCREEN');
    visitor.remove();
    signedIn();
    const pro = await widget();
    expect(current(pro).tagName).toBe('CAU-TICKETS-SCREEN');
    expect(text(pro)).toContain('Olá, Ana');
  });

  it('signs in, stores the session per tab, and fires a composed cau-login without the token', async () => {
    fakeServer().on('auth.login', SESSION).on('tickets.mine', MINE);
    const el = await widget();
    const events: CustomEvent[] = [];
    document.addEventListener('cau-login', (e) => events.push(e));
    const login = current(el);
    type(field(login, 'Identificação (login)'), 'ana');
    type(field(login, 'Senha'), 'Projeto-Casa-2026');
    await submit(login);
    await settle(el);
    expect(events).toHaveLength(1);
    expect(events[0]!.composed).toBe(true);
    expect(events[0]!.detail).toEqual({ user: USER });
    expect(JSON.parse(sessionStorage.getItem(sessionKey(API))!).token).toBe(SESSION.token);
    expect(current(el).tagName).toBe('CAU-TICKETS-SCREEN');
    // The host page's address is left as it was until the professional goes somewhere.
    expect(location.hash).toBe('');
  });

  it('opens a ticket link after login, keeping the link', async () => {
    location.hash = '#atendimento/chamado/2026-000042';
    fakeServer().on('auth.login', SESSION).on('tickets.get', ticket());
    const el = await widget();
    const login = current(el);
    expect(login.tagName).toBe('CAU-LOGIN-SCREEN');
    expect(text(login)).toContain('Entre para ver o chamado 2026-000042.');
    type(field(login, 'Identificação (login)'), 'ana');
    type(field(login, 'Senha'), 'Projeto-Casa-2026');
    await submit(login);
    await settle(el, 5);
    expect(current(el).tagName).toBe('CAU-TICKET-SCREEN');
    expect(location.hash).toBe('#atendimento/chamado/2026-000042');
    await settle(current(el));
    expect(text(current(el))).toContain('Boleto da anuidade');
  });

  it('follows the address: a link in the list opens the ticket, another fragment is left alone', async () => {
    fakeServer().on('auth.me', USER).on('tickets.mine', MINE).on('tickets.get', ticket());
    signedIn();
    const el = await widget();
    location.hash = '#atendimento/chamado/2026-000042';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle(el);
    expect(current(el).tagName).toBe('CAU-TICKET-SCREEN');
    location.hash = '#conteudo';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle(el);
    expect(current(el).tagName).toBe('CAU-TICKET-SCREEN');
  });

  it('goes back to the login with a message when the session expires, keeping the route', async () => {
    fakeServer().on('auth.me', USER).on('tickets.get', () => { throw new Reply('unauthenticated', 'Sua sessão expirou. Entre novamente.', undefined, 401); });
    signedIn(true);
    location.hash = '#atendimento/chamado/2026-000042';
    const logouts: CustomEvent[] = [];
    document.addEventListener('cau-logout', (e) => logouts.push(e));
    const el = await widget();
    await settle(el, 5);
    expect(current(el).tagName).toBe('CAU-LOGIN-SCREEN');
    expect($(el, '.flash-region').textContent).toContain('Sua sessão expirou. Entre novamente para continuar.');
    expect(location.hash).toBe('#atendimento/chamado/2026-000042');
    expect(logouts[0]!.detail).toEqual({ reason: 'expired' });
    expect(localStorage.getItem(sessionKey(API))).toBeNull();
  });

  it('signs out: forgets the session, tells the server and the page', async () => {
    const server = fakeServer().on('auth.me', USER).on('tickets.mine', MINE).on('auth.logout', {});
    signedIn(true);
    const el = await widget();
    const logouts: CustomEvent[] = [];
    el.addEventListener('cau-logout', (e) => logouts.push(e));
    $(el, 'button.logout').click();
    await settle(el);
    expect(logouts[0]!.detail).toEqual({ reason: 'user' });
    expect(server.callsTo('auth.logout')[0]!.authorization).toBe(`Bearer ${SESSION.token}`);
    expect(localStorage.getItem(sessionKey(API))).toBeNull();
    expect(current(el).tagName).toBe('CAU-LOGIN-SCREEN');
    expect($(el, '.flash-region').textContent).toContain('Você saiu do Portal de Atendimento.');
  });

  it('walks signup: step 1 leads to a new screen for step 2', async () => {
    fakeServer().on('auth.checkSignup', { signupToken: 'signed.token' });
    location.hash = '#atendimento/cadastro';
    const el = await widget();
    const step1 = current(el);
    type(field(step1, 'Nome completo'), 'Ana Lúcia Conceição');
    type(field(step1, 'CPF'), '52998224725');
    type(field(step1, 'E-mail'), 'ana@exemplo.com.br');
    await submit(step1);
    await settle(el);
    expect(current(el).tagName).toBe('CAU-SIGNUP-ACCESS-SCREEN');
    expect(location.hash).toBe('#atendimento/cadastro/acesso');
  });

  it('sends step 2 without step 1 (a reload) back to step 1, at its own address and saying why', async () => {
    fakeServer().on('portal.privacy', PRIVACY);
    location.hash = '#atendimento/cadastro/acesso';
    const el = await widget();
    expect(current(el).tagName).toBe('CAU-SIGNUP-SCREEN');
    expect(location.hash).toBe('#atendimento/cadastro');
    expect($(el, '.flash-region').textContent).toContain('os dados da etapa 1 não ficam guardados');
  });

  it('fires cau-ticket-created and opens the new ticket with its protocol', async () => {
    fakeServer().on('auth.me', USER).on('tickets.create', ticket()).on('tickets.get', ticket());
    signedIn();
    location.hash = '#atendimento/novo-chamado';
    const el = await widget();
    const created: CustomEvent[] = [];
    document.addEventListener('cau-ticket-created', (e) => created.push(e));
    const form = current(el);
    const duvida = field(form, 'Dúvida');
    duvida.checked = true;
    duvida.dispatchEvent(new Event('change'));
    type(field(form, 'Assunto'), 'Boleto da anuidade');
    type(field<HTMLTextAreaElement>(form, 'Descrição'), 'Paguei a anuidade de 2025 mas o boleto continua em aberto.');
    await submit(form);
    await settle(el);
    expect(created[0]!.detail.protocol).toBe('2026-000042');
    expect(created[0]!.bubbles && created[0]!.composed).toBe(true);
    expect(location.hash).toBe('#atendimento/chamado/2026-000042');
    expect($(el, '.flash-region').textContent).toContain('Chamado aberto com o protocolo 2026-000042');
  });

  it('keeps two widgets for two servers apart', async () => {
    fakeServer().on('auth.me', USER).on('tickets.mine', MINE);
    signedIn();
    const a = await widget({ api: API });
    const b = await widget({ api: 'https://outro-servidor.test' });
    expect(current(a).tagName).toBe('CAU-TICKETS-SCREEN');
    expect(current(b).tagName).toBe('CAU-LOGIN-SCREEN');
    expect(shadow(b).querySelector('nav')).toBeNull();
  });

  it('opens "Minha conta" from the navigation, at #atendimento/conta', async () => {
    fakeServer().on('auth.me', USER).on('tickets.mine', MINE).on('account.sessions', SESSIONS).on('portal.privacy', PRIVACY);
    signedIn();
    const el = await widget();
    const link = [...shadow(el).querySelectorAll('nav a')].find((a) => a.textContent === 'Minha conta') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('#atendimento/conta');
    location.hash = link.getAttribute('href')!;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle(el);
    expect(current(el).tagName).toBe('CAU-ACCOUNT-SCREEN');
    expect($(el, 'nav a[aria-current="page"]').textContent).toBe('Minha conta');
    await settle(current(el));
    expect(text(current(el))).toContain('529.982.247-25');
  });

  it('asks a visitor at #atendimento/conta to log in first', async () => {
    fakeServer();
    location.hash = '#atendimento/conta';
    const el = await widget();
    expect(current(el).tagName).toBe('CAU-LOGIN-SCREEN');
    expect(location.hash).toBe('#atendimento/conta');
  });

  it('after a password change goes on with the new token, kept where the session was', async () => {
    const server = fakeServer().on('auth.me', USER).on('account.sessions', SESSIONS).on('portal.privacy', PRIVACY)
      .on('account.changePassword', { token: 'tok-renewed-000001' }).on('tickets.mine', MINE);
    signedIn(true);
    location.hash = '#atendimento/conta';
    const logouts: Event[] = [];
    document.addEventListener('cau-logout', (e) => logouts.push(e));
    const el = await widget();
    const account = current(el);
    await settle(account);
    type(field(account, 'Senha atual'), 'Projeto-Casa-2026');
    type(field(account, 'Nova senha'), 'Outra-Senha-Forte-9');
    await submit(account);
    await settle(el);
    expect(JSON.parse(localStorage.getItem(sessionKey(API))!)).toEqual({ ...SESSION, token: 'tok-renewed-000001' });
    expect(server.callsTo('account.changePassword')[0]!.authorization).toBe(`Bearer ${SESSION.token}`);
    // The list of devices is read again, already with the new token.
    expect(server.callsTo('account.sessions').at(-1)!.authorization).toBe('Bearer tok-renewed-000001');
    expect(current(el).tagName).toBe('CAU-ACCOUNT-SCREEN');
    expect(logouts).toHaveLength(0);
    const link = [...shadow(el).querySelectorAll('nav a')].find((a) => a.textContent === 'Meus chamados') as HTMLAnchorElement;
    location.hash = link.getAttribute('href')!;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle(el, 5);
    expect(server.callsTo('tickets.mine').at(-1)!.authorization).toBe('Bearer tok-renewed-000001');
  });

  it('after "sair de todos os dispositivos" forgets the session and shows the login with a message', async () => {
    const server = fakeServer().on('auth.me', USER).on('account.sessions', SESSIONS).on('portal.privacy', PRIVACY)
      .on('account.logoutEverywhere', { ended: 3 }).on('auth.logout', {});
    signedIn(true);
    location.hash = '#atendimento/conta';
    const logouts: CustomEvent[] = [];
    document.addEventListener('cau-logout', (e) => logouts.push(e));
    const el = await widget();
    const account = current(el);
    await settle(account);
    const everywhere = [...shadow(account).querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Sair de todos os dispositivos')!;
    everywhere.click();
    await settle(el, 5);
    expect(current(el).tagName).toBe('CAU-LOGIN-SCREEN');
    expect(location.hash).toBe('#atendimento/entrar');
    expect($(el, '.flash-region').textContent).toContain('Você saiu de todos os dispositivos. Entre novamente para continuar.');
    expect(localStorage.getItem(sessionKey(API))).toBeNull();
    expect(logouts.map((e) => e.detail)).toEqual([{ reason: 'user' }]);
    // The server already ended every session: nothing more to tell it.
    expect(server.callsTo('auth.logout')).toHaveLength(0);
    expect(shadow(el).querySelector('nav')).toBeNull();
  });
});

describe('<cau-atendimento> idle sign-out', () => {
  const MINUTE = 60_000;
  const clocked = (idleMs: number) => ({ ...USER, session: { idleMs, idleExpiresAt: new Date(Date.now() + idleMs).toISOString() } });

  it('warns one minute before the session idle limit, and signs out at it', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval'], now: Date.parse('2026-03-02T18:00:00.000Z') });
    try {
      const server = fakeServer().on('auth.me', clocked(3 * MINUTE)).on('tickets.mine', MINE).on('auth.logout', {});
      signedIn();
      const logouts: unknown[] = [];
      document.addEventListener('cau-logout', (e) => logouts.push((e as CustomEvent).detail), { once: true });
      const el = await widget();
      vi.advanceTimersByTime(2 * MINUTE - 5_000);
      await settle(el);
      expect(el.shadowRoot!.querySelector('.idle-warning')).toBeNull();
      vi.advanceTimersByTime(10_000);
      await settle(el);
      expect($(el, '.idle-warning').textContent).toMatch(/sua sessão será encerrada em \d+ s/);
      vi.advanceTimersByTime(MINUTE);
      await settle(el, 5);
      expect(sessionStorage.getItem(sessionKey(API))).toBeNull();
      expect(logouts).toEqual([{ reason: 'idle' }]);
      expect(text(el)).toContain('Sua sessão foi encerrada por inatividade');
      expect(server.callsTo('auth.logout')).toHaveLength(1);
      // The list's own refreshes went on meanwhile, as background requests only.
      expect(server.callsTo('tickets.mine').slice(1).every((c) => c.background)).toBe(true);
      el.remove();
    } finally {
      vi.useRealTimers();
    }
  });

  it("counts the professional's input, and pings the server at most once a minute (without the background header)", async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval'], now: Date.parse('2026-03-02T18:00:00.000Z') });
    try {
      const server = fakeServer().on('auth.me', clocked(2 * MINUTE)).on('tickets.mine', MINE);
      signedIn();
      const el = await widget();
      const before = server.callsTo('auth.me').length;
      for (let i = 0; i < 6; i++) {
        vi.advanceTimersByTime(50_000);
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
        await settle(el);
      }
      expect(sessionStorage.getItem(sessionKey(API))).not.toBeNull();
      expect(el.shadowRoot!.querySelector('.idle-warning')).toBeNull();
      const pings = server.callsTo('auth.me').slice(before);
      expect(pings.length).toBeGreaterThanOrEqual(3);
      expect(pings.length).toBeLessThanOrEqual(6);
      expect(pings.every((c) => !c.background)).toBe(true);
      el.remove();
    } finally {
      vi.useRealTimers();
    }
  });
});
