// Who may call what (ASVS V4): every procedure of the AppRouter, called over HTTP by an anonymous
// caller, a professional (on their own data and on another professional's), an attendant and an
// admin, against the expected table. A refusal is 401 unauthenticated / 403 forbidden (or 404
// not_found for another professional's ticket, file or session) and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/src/trpc/app.router';
import { text } from '../support/files';
import { adminSession, attendant, collectionCounts, liveSettled, newPerson, signUp, storedTicket, TICKET, ticketIn } from '../support/fixtures';
import { ADMIN, startTestServer, type TestServer } from '../support/harness';

type Role = 'anonymous' | 'professional' | 'attendant' | 'admin';
/** Who a procedure is for: everyone, anyone signed in, professionals, staff (attendants and admins), admins. */
type Access = 'public' | 'authed' | 'professional' | 'staff' | 'admin';
type Kind = 'query' | 'mutation' | 'subscription' | 'upload';

interface Actor {
  role: Role;
  token?: string;
  id?: string;
  login?: string;
  password?: string;
}

interface Fixtures {
  server: TestServer;
  pro: Awaited<ReturnType<typeof signUp>>;
  other: Awaited<ReturnType<typeof signUp>>;
  desk: Awaited<ReturnType<typeof attendant>>;
  admin: Awaited<ReturnType<typeof adminSession>>;
  /** An open ticket of `pro` that refused calls are checked against. */
  shared: string;
  /** A ticket of `other`. */
  foreignTicket: string;
  /** `pro`'s upload, attached to `shared`. */
  attachedFile: string;
  /** `other`'s upload, attached nowhere. */
  foreignFile: string;
}

interface Row {
  kind: Kind;
  access: Access;
  /**
   * The input for a call by `as`. `allowed` says whether the call is expected to run: then the input
   * must make it succeed (fresh tickets and accounts for calls that consume them); a refused call
   * gets shared fixtures, which must come out unchanged.
   */
  input?: (fx: Fixtures, as: Actor, allowed: boolean) => unknown;
  /** The same call aimed at another professional's resource: a professional gets not_found. */
  foreign?: (fx: Fixtures) => unknown;
  /** The reason an allowed call answers with when success is impossible by design (no valid token, …). */
  allowedReason?: string;
  /** The call ends or changes the caller's account: make it with a throwaway account of the same role. */
  throwaway?: true;
}

let serial = 0;
const uniq = () => `${Date.now() % 1e6}${serial++}`;

/** A new account of `role`, with a session; admins are created through the first admin. */
async function accountOf(fx: Fixtures, role: Exclude<Role, 'anonymous'>): Promise<Actor> {
  if (role === 'professional') {
    const pro = await signUp(fx.server);
    return { role, token: pro.token, id: pro.user.id, login: pro.login, password: pro.password };
  }
  const id = uniq();
  const password = 'Conta-Descartavel-9';
  const created = await fx.admin.api.admin.attendants.create.mutate({ name: 'Conta Descartável', login: `desc.${id}`, email: `desc.${id}@causp.test`, password, role });
  const first = await fx.server.client().auth.login.mutate({ login: created.login, password });
  // An admin-set password is replaced at the first login (password_change_required).
  const own = 'Conta-Propria-Escolhida-9';
  const { token } = await fx.server.client(first.token).account.changePassword.mutate({ currentPassword: password, newPassword: own });
  return { role, token, id: created.id, login: created.login, password: own };
}

async function throwawayAttendantId(fx: Fixtures): Promise<string> {
  const id = uniq();
  return (await fx.admin.api.admin.attendants.create.mutate({ name: 'Alvo Descartável', login: `alvo.${id}`, email: `alvo.${id}@causp.test`, password: 'Alvo-Descartavel-9', role: 'attendant' })).id;
}

/** A ticket of `pro` in `status`, new when the call is expected to change it. */
const ticket = (status: Parameters<typeof ticketIn>[0]) => async (fx: Fixtures, _as: Actor, allowed: boolean) =>
  allowed ? ticketIn(status, fx.pro, fx.desk) : fx.shared;

const PROCEDURES: Record<string, Row> = {
  'auth.checkSignup': { kind: 'mutation', access: 'public', input: () => { const p = newPerson(); return { name: p.name, cpf: p.cpf, email: p.email }; } },
  'auth.signup': {
    kind: 'mutation', access: 'public',
    input: async (fx) => {
      const p = newPerson();
      const { signupToken } = await fx.server.client().auth.checkSignup.mutate({ name: p.name, cpf: p.cpf, email: p.email });
      return { signupToken, login: p.login, password: p.password };
    },
  },
  'auth.login': { kind: 'mutation', access: 'public', input: (fx) => ({ login: fx.other.login, password: fx.other.password }) },
  'auth.logout': { kind: 'mutation', access: 'authed', throwaway: true },
  'auth.me': { kind: 'query', access: 'authed' },
  'auth.accessToken': { kind: 'mutation', access: 'authed' },
  'auth.requestPasswordReset': { kind: 'mutation', access: 'public', input: () => ({ loginOrEmail: `ninguem.${uniq()}` }) },
  'auth.checkResetToken': { kind: 'mutation', access: 'public', input: () => ({ resetToken: 'token-que-nao-existe' }) },
  'auth.resetPassword': { kind: 'mutation', access: 'public', input: () => ({ resetToken: 'token-que-nao-existe', password: 'Nova-Senha-Forte-1' }), allowedReason: 'reset_invalid' },

  'account.sessions': { kind: 'query', access: 'authed' },
  'account.revokeSession': {
    kind: 'mutation', access: 'authed',
    // Another session of the caller's own: logging in once more opens one.
    input: async (fx, as) => {
      if (!as.token) return { id: '0123456789abcdef01234567' };
      const login = as.role === 'professional' ? fx.pro : as.role === 'attendant' ? fx.desk : ADMIN;
      const second = await fx.server.client().auth.login.mutate({ login: login.login, password: login.password });
      const sessions = await fx.server.client(second.token).account.sessions.query();
      return { id: sessions.find((s) => s.current)!.id };
    },
    foreign: async (fx) => ({ id: (await fx.other.api.account.sessions.query())[0]!.id }),
  },
  'account.logoutEverywhere': { kind: 'mutation', access: 'authed', throwaway: true },
  'account.changePassword': {
    kind: 'mutation', access: 'authed', throwaway: true,
    input: (_fx, as) => ({ currentPassword: as.password ?? 'Qualquer-Senha-1', newPassword: 'Trocada-Agora-2026' }),
  },
  'account.mfa.status': { kind: 'query', access: 'authed' },
  'account.mfa.begin': { kind: 'mutation', access: 'authed', throwaway: true },
  'account.mfa.confirm': { kind: 'mutation', access: 'authed', throwaway: true, input: () => ({ code: '000000' }), allowedReason: 'invalid_input' },
  'account.mfa.disable': { kind: 'mutation', access: 'authed', input: () => ({ code: '000000' }), allowedReason: 'mfa_invalid' },
  'account.exportData': { kind: 'query', access: 'professional' },

  'tickets.create': { kind: 'mutation', access: 'professional', input: () => TICKET },
  'tickets.mine': { kind: 'query', access: 'professional', input: () => ({}) },
  'tickets.get': { kind: 'query', access: 'professional', input: (fx) => ({ protocol: fx.shared }), foreign: (fx) => ({ protocol: fx.foreignTicket }) },
  'tickets.comment': {
    kind: 'mutation', access: 'professional',
    input: async (fx, as, allowed) => ({ protocol: await ticket('open')(fx, as, allowed), message: 'Mais uma informação.' }),
    foreign: (fx) => ({ protocol: fx.foreignTicket, message: 'Intruso.' }),
  },
  'tickets.provideInfo': {
    kind: 'mutation', access: 'professional',
    input: async (fx, as, allowed) => ({ protocol: await ticket('pending_professional')(fx, as, allowed), message: 'Segue o comprovante.' }),
    foreign: (fx) => ({ protocol: fx.foreignTicket, message: 'Intruso.' }),
  },
  'tickets.approve': {
    kind: 'mutation', access: 'professional',
    input: async (fx, as, allowed) => ({ protocol: await ticket('awaiting_approval')(fx, as, allowed), rating: 5 }),
    foreign: (fx) => ({ protocol: fx.foreignTicket, rating: 1 }),
  },
  'tickets.reject': {
    kind: 'mutation', access: 'professional',
    input: async (fx, as, allowed) => ({ protocol: await ticket('awaiting_approval')(fx, as, allowed), message: 'Não resolveu.' }),
    foreign: (fx) => ({ protocol: fx.foreignTicket, message: 'Intruso.' }),
  },

  'desk.attendants': { kind: 'query', access: 'staff' },
  'desk.revealCpf': { kind: 'mutation', access: 'staff', input: (fx) => ({ protocol: fx.shared }) },
  'desk.events': { kind: 'subscription', access: 'staff' },
  'desk.queue': { kind: 'query', access: 'staff', input: () => ({ view: 'all' }) },
  'desk.get': { kind: 'query', access: 'staff', input: (fx) => ({ protocol: fx.shared }) },
  'desk.presence': { kind: 'mutation', access: 'staff', input: (fx) => ({ protocol: fx.shared, state: 'viewing' }) },
  'desk.alerts.list': { kind: 'query', access: 'staff' },
  'desk.alerts.clear': { kind: 'mutation', access: 'staff', input: () => ({}) },
  'desk.take': { kind: 'mutation', access: 'staff', input: async (fx, as, allowed) => ({ protocol: await ticket('open')(fx, as, allowed) }) },
  'desk.assign': {
    kind: 'mutation', access: 'staff',
    input: async (fx, as, allowed) => ({ protocol: await ticket('open')(fx, as, allowed), attendantId: fx.desk.id }),
  },
  'desk.comment': { kind: 'mutation', access: 'staff', input: async (fx, as, allowed) => ({ protocol: await ticket('open')(fx, as, allowed), message: 'Estamos verificando.' }) },
  'desk.note': { kind: 'mutation', access: 'staff', input: async (fx, as, allowed) => ({ protocol: await ticket('open')(fx, as, allowed), message: 'Nota interna.' }) },
  'desk.requestInfo': { kind: 'mutation', access: 'staff', input: async (fx, as, allowed) => ({ protocol: await ticket('open')(fx, as, allowed), message: 'Envie o boleto.' }) },
  'desk.resolve': { kind: 'mutation', access: 'staff', input: async (fx, as, allowed) => ({ protocol: await ticket('open')(fx, as, allowed), message: 'Resolvido.' }) },
  'desk.close': {
    kind: 'mutation', access: 'staff',
    input: async (fx, as, allowed) => ({ protocol: await ticket('open')(fx, as, allowed), reason: 'duplicate', message: 'Duplicado.' }),
  },

  'admin.attendants.list': { kind: 'query', access: 'admin' },
  'admin.attendants.create': {
    kind: 'mutation', access: 'admin',
    input: () => { const id = uniq(); return { name: 'Nova Atendente', login: `nova.${id}`, email: `nova.${id}@causp.test`, password: 'Nova-Atendente-77', role: 'attendant' }; },
  },
  'admin.attendants.disable': { kind: 'mutation', access: 'admin', input: async (fx) => ({ id: await throwawayAttendantId(fx) }) },
  'admin.attendants.enable': { kind: 'mutation', access: 'admin', input: async (fx) => ({ id: await throwawayAttendantId(fx) }) },
  'admin.attendants.resetMfa': { kind: 'mutation', access: 'admin', input: async (fx) => ({ id: await throwawayAttendantId(fx) }) },
  'admin.attendants.resetPassword': { kind: 'mutation', access: 'admin', input: async (fx) => ({ id: await throwawayAttendantId(fx), password: 'Redefinida-Pelo-Admin-3' }) },
  'admin.settings.get': { kind: 'query', access: 'admin' },
  'admin.settings.update': { kind: 'mutation', access: 'admin', input: (fx) => fx.admin.api.admin.settings.get.query() },
  'admin.mail.failed': { kind: 'query', access: 'admin' },
  'admin.mail.retry': { kind: 'mutation', access: 'admin', input: () => ({ entryId: '0123456789abcdef01234567' }), allowedReason: 'not_found' },
  'admin.mail.correctEmail': {
    kind: 'mutation', access: 'admin',
    input: async (fx, _as, allowed) => ({ professionalId: allowed ? (await signUp(fx.server)).user.id : fx.other.user.id, email: `corrigido.${uniq()}@exemplo.test` }),
  },
  'admin.reports': { kind: 'query', access: 'admin', input: () => ({}) },
  'admin.professionals.search': { kind: 'query', access: 'admin', input: () => ({ query: 'Ana' }) },
  'admin.professionals.export': { kind: 'query', access: 'admin', input: (fx) => ({ id: fx.other.user.id }) },
  'admin.professionals.anonymize': {
    kind: 'mutation', access: 'admin',
    input: async (fx, _as, allowed) => ({ id: allowed ? (await signUp(fx.server)).user.id : fx.other.user.id }),
  },
  'admin.audit.list': { kind: 'query', access: 'admin', input: () => ({}) },
  'admin.security.get': { kind: 'query', access: 'admin' },
  'admin.security.update': { kind: 'mutation', access: 'admin', input: (fx) => fx.admin.api.admin.security.get.query() },

  'desk.templates.list': { kind: 'query', access: 'staff', input: () => ({}) },
  'desk.templates.save': { kind: 'mutation', access: 'staff', input: () => ({ title: 'Pessoal', body: 'Olá, {{nome}}.', shared: false }) },
  'desk.templates.remove': { kind: 'mutation', access: 'staff', input: () => ({ id: '0123456789abcdef01234567' }), allowedReason: 'not_found' },
  'desk.templates.used': { kind: 'mutation', access: 'staff', input: () => ({ id: '0123456789abcdef01234567' }), allowedReason: 'not_found' },
  'admin.serviceLevels.get': { kind: 'query', access: 'admin' },
  'admin.serviceLevels.update': { kind: 'mutation', access: 'admin', input: (fx) => fx.admin.api.admin.serviceLevels.get.query() },
  'admin.reportDetails': { kind: 'query', access: 'admin', input: () => ({}) },

  'portal.privacy': { kind: 'query', access: 'public' },
  'portal.deadlines': { kind: 'query', access: 'public' },

  'kb.search': { kind: 'query', access: 'public', input: () => ({ query: 'boleto' }) },
  'kb.get': { kind: 'query', access: 'public', input: () => ({ slug: 'artigo-que-nao-existe' }), allowedReason: 'not_found' },
  'kb.feedback': { kind: 'mutation', access: 'public', input: () => ({ slug: 'artigo-que-nao-existe', helped: true }), allowedReason: 'not_found' },
  'kb.track': { kind: 'mutation', access: 'public', input: () => ({ event: 'viewed', slugs: ['artigo-que-nao-existe'] }), allowedReason: 'not_found' },
  'kb.list': { kind: 'query', access: 'staff', input: () => ({}) },
  'kb.article': { kind: 'query', access: 'staff', input: () => ({ id: '0123456789abcdef01234567' }), allowedReason: 'not_found' },
  'kb.save': { kind: 'mutation', access: 'staff', input: () => ({ title: 'Artigo da matriz de acesso', body: 'Texto do artigo da matriz de acesso.', topic: 'other', status: 'draft' }) },
  'kb.remove': { kind: 'mutation', access: 'admin', input: () => ({ id: '0123456789abcdef01234567' }), allowedReason: 'not_found' },
  'kb.report': { kind: 'query', access: 'admin', input: () => ({}) },

  'attachments.upload': { kind: 'upload', access: 'authed' },
  'attachments.link': { kind: 'mutation', access: 'authed', input: (fx) => ({ id: fx.attachedFile }), foreign: (fx) => ({ id: fx.foreignFile }) },
};

/** What `role` gets from a procedure with `access`: 'ok', or the refusal. */
function expected(access: Access, role: Role): 'ok' | { reason: string; status: number } {
  const unauthenticated = { reason: 'unauthenticated', status: 401 };
  const forbidden = { reason: 'forbidden', status: 403 };
  if (access === 'public') return 'ok';
  if (role === 'anonymous') return unauthenticated;
  if (access === 'authed') return 'ok';
  if (access === 'professional') return role === 'professional' ? 'ok' : forbidden;
  if (access === 'staff') return role === 'professional' ? forbidden : 'ok';
  return role === 'admin' ? 'ok' : forbidden;
}

interface Answer {
  status: number;
  reason?: string;
  message?: string;
}

/** Calls `path` the way a client would: queries by GET, mutations by POST, uploads as multipart, subscriptions as SSE. */
async function invoke(server: TestServer, path: string, kind: Kind, input: unknown, token?: string): Promise<Answer> {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let response: Response;
  if (kind === 'subscription') {
    const abort = new AbortController();
    response = await fetch(`${server.url}/trpc/${path}`, { headers: { ...auth, accept: 'text/event-stream' }, signal: abort.signal });
    const reader = response.body!.getReader();
    let stream = '';
    const deadline = Date.now() + 700;
    try {
      while (Date.now() < deadline && !stream.includes('serialized-error')) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
        if (!chunk || chunk.done) break;
        stream += new TextDecoder().decode(chunk.value);
      }
    } finally {
      abort.abort();
    }
    const error = /event: serialized-error\ndata: (.*)\n/.exec(stream);
    if (!error) return { status: response.status };
    const shape = JSON.parse(error[1]!) as { message: string; data: { reason: string; httpStatus: number } };
    return { status: shape.data.httpStatus, reason: shape.data.reason, message: shape.message };
  }
  if (kind === 'upload') {
    const form = new FormData();
    form.append('file', new Blob([text('comprovante de pagamento')]), 'comprovante.txt');
    response = await fetch(`${server.url}/trpc/${path}`, { method: 'POST', headers: auth, body: form });
  } else if (kind === 'query') {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    response = await fetch(`${server.url}/trpc/${path}${query}`, { headers: auth });
  } else {
    response = await fetch(`${server.url}/trpc/${path}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input),
    });
  }
  const json = (await response.json()) as { error?: { message: string; data: { reason: string } } };
  return { status: response.status, reason: json.error?.data.reason, message: json.error?.message };
}

describe('authorization matrix', () => {
  let fx: Fixtures;
  const actors: Record<Role, Actor> = { anonymous: { role: 'anonymous' }, professional: { role: 'professional' }, attendant: { role: 'attendant' }, admin: { role: 'admin' } };

  beforeAll(async () => {
    const server = await startTestServer();
    const [pro, other, desk, admin] = await Promise.all([signUp(server), signUp(server), attendant(server), adminSession(server)]);
    const upload = async (token: string) => {
      const form = new FormData();
      form.append('file', new Blob([text()]), 'anexo.txt');
      const response = await fetch(`${server.url}/trpc/attachments.upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      return ((await response.json()) as { result: { data: { id: string } } }).result.data.id;
    };
    const attachedFile = await upload(pro.token);
    const shared = (await pro.api.tickets.create.mutate({ ...TICKET, attachmentIds: [attachedFile] })).protocol;
    const foreignTicket = await ticketIn('awaiting_approval', other, desk);
    const foreignFile = await upload(other.token);
    fx = { server, pro, other, desk, admin, shared, foreignTicket, attachedFile, foreignFile };
    actors.professional = { role: 'professional', token: pro.token, id: pro.user.id, login: pro.login, password: pro.password };
    actors.attendant = { role: 'attendant', token: desk.token, id: desk.id, login: desk.login, password: desk.password };
    actors.admin = { role: 'admin', token: admin.token, id: admin.user.id, login: ADMIN.login, password: ADMIN.password };
  });
  afterAll(() => fx?.server.close());

  it('the table covers exactly the procedures of the AppRouter, with the right kind', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    expect(Object.keys(PROCEDURES).sort()).toEqual(Object.keys(procedures).sort());
    for (const [path, row] of Object.entries(PROCEDURES)) {
      const type = procedures[path]!._def.type;
      expect(row.kind === 'upload' ? 'mutation' : row.kind, path).toBe(type);
    }
  });

  /** The shared fixtures a refused call must leave as they were. */
  async function snapshot() {
    await liveSettled(fx.server);
    const [counts, shared, foreign, pro, other] = await Promise.all([
      collectionCounts(fx.server),
      storedTicket(fx.server, fx.shared),
      storedTicket(fx.server, fx.foreignTicket),
      fx.server.db.collection('users').findOne({ login: fx.pro.login }, { projection: { outbox: 0, updatedAt: 0 } }),
      fx.server.db.collection('users').findOne({ login: fx.other.login }, { projection: { outbox: 0, updatedAt: 0 } }),
    ]);
    const ticketState = (t: typeof shared) => ({ status: t.status, history: t.history.length, messages: t.messages.length, notes: t.notes.length, assignee: t.assignee });
    return { counts, shared: ticketState(shared), foreign: ticketState(foreign), pro, other };
  }

  async function expectRefused(path: string, row: Row, as: Actor, input: unknown, refusal: { reason: string; status: number }, label: string) {
    const before = await snapshot();
    const answer = await invoke(fx.server, path, row.kind, input, as.token);
    expect({ status: answer.status, reason: answer.reason }, label).toEqual(refusal);
    expect(answer.message, label).toMatch(/^[A-ZÀ-Ú].*\.$/);
    expect(await snapshot(), `${label}: nothing changed`).toEqual(before);
  }

  const roles: Role[] = ['anonymous', 'professional', 'attendant', 'admin'];
  describe.each(Object.keys(PROCEDURES).sort())('%s', (path) => {
    const row = PROCEDURES[path]!;

    it.each(roles)(`as %s: ${row.access}`, async (role) => {
      const want = expected(row.access, role);
      const label = `${path} as ${role}`;
      if (want !== 'ok') {
        await expectRefused(path, row, actors[role], await row.input?.(fx, actors[role], false), want, label);
        return;
      }
      const as = row.throwaway && role !== 'anonymous' ? await accountOf(fx, role) : actors[role];
      const answer = await invoke(fx.server, path, row.kind, await row.input?.(fx, as, true), as.token);
      if (row.allowedReason) {
        expect(answer.reason, `${label}: ${answer.message}`).toBe(row.allowedReason);
      } else {
        expect(answer, label).toEqual({ status: 200 });
      }
    });

    if (row.foreign) {
      it("as a professional, on another professional's resource: not_found, nothing changed", async () => {
        await expectRefused(path, row, actors.professional, await row.foreign!(fx), { reason: 'not_found', status: 404 }, `${path} (foreign)`);
      });
    }
  });

  it('a professional cannot tell another’s ticket from a missing one', async () => {
    const foreign = await invoke(fx.server, 'tickets.get', 'query', { protocol: fx.foreignTicket }, fx.pro.token);
    const missing = await invoke(fx.server, 'tickets.get', 'query', { protocol: '1999-000001' }, fx.pro.token);
    expect(foreign).toEqual(missing);
  });

  it('a session of a disabled account, or one that was logged out, is anonymous everywhere', async () => {
    const gone = await accountOf(fx, 'attendant');
    await fx.admin.api.admin.attendants.disable.mutate({ id: gone.id! });
    const out = await accountOf(fx, 'professional');
    await fx.server.client(out.token).auth.logout.mutate();
    for (const token of [gone.token, out.token]) {
      for (const path of ['auth.me', 'desk.queue', 'tickets.mine', 'admin.reports']) {
        const row = PROCEDURES[path]!;
        const answer = await invoke(fx.server, path, row.kind, await row.input?.(fx, { role: 'anonymous' }, false), token);
        expect({ status: answer.status, reason: answer.reason }, path).toEqual({ status: 401, reason: 'unauthenticated' });
      }
    }
  });
});
