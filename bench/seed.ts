// Seeds a benchmark database straight through the MongoDB driver, in bulk: professionals (one
// precomputed argon2 hash for all), attendants, tickets in every status with the fields the server
// writes (history, messages, sent outbox entries, searchTokens), the protocol counters, the security
// settings (open-ticket cap raised for the load), and ready sessions, so that a benchmark measures
// the API and not argon2 logins.
//   npx tsx bench/seed.ts --uri=mongodb://127.0.0.1:27017/cau_bench --tickets=100000
import { createHash, randomBytes } from 'node:crypto';
import { completeCpf, DEFAULT_SECURITY_SETTINGS, localYear, type Status } from '@cau/shared';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { searchTokens } from '../server/src/text';
import { hashPassword } from '../server/src/users/password';
import { professionalTokens } from '../server/src/users/user.model';
import { args } from './lib';

export const PASSWORD = 'Projeto-Casa-2026';

const FIRST = ['Ana', 'João', 'Maria', 'José', 'Lúcia', 'Paulo', 'Fernanda', 'Ricardo', 'Beatriz', 'Antônio', 'Camila', 'Luís', 'Patrícia', 'Márcio', 'Juliana', 'Sérgio', 'Renata', 'André', 'Cecília', 'Flávio', 'Gabriela', 'Otávio', 'Helena', 'Rogério', 'Isabela'];
const LAST = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Lima', 'Pereira', 'Ferreira', 'Costa', 'Rodrigues', 'Almeida', 'Nascimento', 'Araújo', 'Carvalho', 'Gonçalves', 'Ribeiro', 'Conceição', 'Barbosa', 'Teixeira', 'Mendonça', 'Assunção', 'Vasconcelos', 'Brandão', 'Figueiredo', 'Magalhães', 'Queiroz', 'Sampaio', 'Tavares', 'Valença', 'Xavier', 'Zanetti'];
const SUBJECTS = [
  'Boleto da anuidade não foi baixado', 'Dúvida sobre o parcelamento da anuidade', 'Erro ao emitir RRT de execução',
  'RRT extemporâneo: como regularizar', 'Alteração de endereço no registro profissional', 'Certidão de registro com dados errados',
  'Solicitação de baixa do registro', 'Interrupção de registro por viagem', 'Não consigo acessar o SICCAU', 'Segunda via da carteira profissional',
  'Reembolso de taxa paga em duplicidade', 'Cadastro de título complementar', 'RRT múltiplo mensal recusado', 'Anuidade proporcional do primeiro ano',
  'Dúvida sobre responsabilidade técnica em reforma', 'Erro no cálculo da taxa de RRT', 'Inclusão de especialização em urbanismo',
];
const DESCRIPTION =
  'Prezados, paguei o boleto no prazo e guardei o comprovante, mas o sistema continua mostrando a pendência. ' +
  'Já tentei emitir a certidão de regularidade e o SICCAU não deixa. Preciso resolver isso com urgência porque ' +
  'tenho um projeto para aprovar na prefeitura na semana que vem. Podem verificar, por favor? Obrigado.';
const TYPES = ['question', 'error', 'request'] as const;
const TOPICS = ['rrt', 'annuity', 'registration', 'other', null] as const;

/** Status mix of a desk a year into production: most tickets closed, the rest spread over the queue. */
const STATUS_MIX: Array<[Status, number]> = [
  ['closed', 0.6], ['open', 0.1], ['in_progress', 0.1], ['pending_professional', 0.1], ['awaiting_approval', 0.1],
];

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const token = () => randomBytes(32).toString('base64url');

export interface Person {
  _id: ObjectId;
  name: string;
  cpf: string;
  email: string;
}

export function professionalName(i: number): string {
  return `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${LAST[(i * 7 + 3) % LAST.length]}`;
}

export function cpfOf(i: number): string {
  return completeCpf(String(100_000_000 + i).slice(-9).replace(/^0/, '1'));
}

export function person(i: number): Person {
  return { _id: new ObjectId(), name: professionalName(i), cpf: cpfOf(i), email: `pro${i}@exemplo.com.br` };
}

function professionalDoc(p: Person, i: number, passwordHash: string, now: Date) {
  return {
    _id: p._id, role: 'professional', realm: 'professional', name: p.name, login: `pro${i}`, email: p.email, cpf: p.cpf, passwordHash, disabled: false,
    // As the server stores a professional (user.model's save hook), so its start has nothing to backfill.
    searchTokens: professionalTokens({ name: p.name, email: p.email, login: `pro${i}` }),
    passwordChangedAt: now, mfa: { enabled: false, secret: null, pendingSecret: null, lastCounter: 0, recoveryCodes: [] },
    outbox: [], createdAt: now, updatedAt: now,
  };
}

function sentMail(template: string, p: Person, at: Date) {
  return {
    _id: new ObjectId(), template, to: { name: p.name, address: p.email }, data: {}, status: 'sent', attempts: 1,
    nextAttemptAt: at, leaseUntil: null, lastError: null, createdAt: at, sentAt: new Date(at.getTime() + 2_000),
  };
}

const DAY = 86_400_000;

/**
 * A ticket document as the server stores it after the events that lead to `status`. Deadlines of
 * waiting tickets lie 2–5 days ahead (`deadlineAt` overrides), so neither the expiry job nor the
 * reminders fire during a load run.
 */
export function ticketDoc(
  protocol: string, p: Person, status: Status, createdAt: Date, attendants: Person[], n: number,
  options: { deadlineAt?: Date; now?: Date } = {},
) {
  const now = options.now ?? new Date();
  const type = TYPES[n % TYPES.length]!;
  const topic = TOPICS[n % TOPICS.length]!;
  const subject = `${SUBJECTS[n % SUBJECTS.length]}${n % 3 === 0 ? ` (${LAST[n % LAST.length]})` : ''}`;
  const pro = { id: p._id, name: p.name, role: 'professional' };
  const staff = attendants[n % attendants.length]!;
  const desk = { id: staff._id, name: staff.name, role: 'attendant' };
  const system = { id: null, name: 'Sistema', role: 'system' };
  const t = (minutes: number) => new Date(createdAt.getTime() + minutes * 60_000);
  const history: Array<Record<string, unknown>> = [{ at: createdAt, actor: pro, event: 'create', from: null, to: 'open', messageId: null }];
  const messages: Array<Record<string, unknown>> = [];
  const notes: Array<Record<string, unknown>> = [];
  const outbox = [sentMail('ticket_created', p, createdAt)];
  const message = (author: typeof pro, body: string, at: Date) => {
    const m = { _id: new ObjectId(), author, body, attachments: [], at };
    messages.push(m);
    return m._id;
  };
  let assignee: { id: ObjectId; name: string } | null = null;
  let deadlineAt: Date | null = null;
  let outcome: string | null = null;
  let closeReason: string | null = null;
  let rating: number | null = null;
  let closedAt: Date | null = null;
  let firstResponseAt: Date | null = null;
  let answered = false;
  let waitingSince: Date | null = createdAt;
  let updatedAt = createdAt;
  const waitingDeadline = () => options.deadlineAt ?? new Date(now.getTime() + (2 + (n % 4)) * DAY + (n % 3600) * 1000);

  if (status !== 'open') {
    assignee = { id: staff._id, name: staff.name };
    history.push({ at: t(30), actor: desk, event: 'take', from: 'open', to: 'in_progress', messageId: null });
    notes.push({ _id: new ObjectId(), author: desk, body: 'Verificar no SICCAU antes de responder.', attachments: [], at: t(31) });
    updatedAt = t(30);
  }
  if (status === 'in_progress' && n % 2 === 0) {
    const asked = message(desk, 'Pode enviar o comprovante de pagamento, por favor?', t(60));
    history.push({ at: t(60), actor: desk, event: 'request_info', from: 'in_progress', to: 'pending_professional', messageId: asked });
    const answer = message(pro, 'Segue o comprovante em anexo. O pagamento foi feito no dia certo.', t(120));
    history.push({ at: t(120), actor: pro, event: 'provide_info', from: 'pending_professional', to: 'in_progress', messageId: answer });
    outbox.push(sentMail('info_requested', p, t(60)));
    firstResponseAt = t(60);
    answered = true;
    waitingSince = t(120);
    updatedAt = t(120);
  }
  if (status === 'pending_professional') {
    const asked = message(desk, 'Pode enviar o comprovante de pagamento, por favor?', t(60));
    history.push({ at: t(60), actor: desk, event: 'request_info', from: 'in_progress', to: 'pending_professional', messageId: asked });
    outbox.push(sentMail('info_requested', p, t(60)));
    firstResponseAt = t(60);
    deadlineAt = waitingDeadline();
    waitingSince = null;
    updatedAt = t(60);
  }
  if (status === 'awaiting_approval' || status === 'closed') {
    const solved = message(desk, 'Baixamos o boleto em duplicidade; confira no SICCAU, por favor.', t(90));
    history.push({ at: t(90), actor: desk, event: 'resolve', from: 'in_progress', to: 'awaiting_approval', messageId: solved });
    outbox.push(sentMail('solution_proposed', p, t(90)));
    firstResponseAt = t(90);
    deadlineAt = waitingDeadline();
    waitingSince = null;
    updatedAt = t(90);
  }
  if (status === 'closed') {
    const kind = n % 10;
    closedAt = t(60 * 24 * (1 + (n % 5)));
    deadlineAt = null;
    if (kind < 6) {
      outcome = 'approved';
      rating = 1 + (n % 5);
      history.push({ at: closedAt, actor: pro, event: 'approve', from: 'awaiting_approval', to: 'closed', messageId: null });
    } else if (kind < 9) {
      outcome = 'approval_timeout';
      history.push({ at: closedAt, actor: system, event: 'expire', from: 'awaiting_approval', to: 'closed', messageId: null });
      outbox.push(sentMail('closed_approval_timeout', p, closedAt));
    } else {
      outcome = 'cancelled';
      closeReason = 'duplicate';
      history.push({ at: closedAt, actor: desk, event: 'close', from: 'awaiting_approval', to: 'closed', messageId: null });
      outbox.push(sentMail('closed_cancelled', p, closedAt));
    }
    updatedAt = closedAt;
  }
  // The mail:prune job drops sent entries older than 30 days: a seeded ticket holds only what it
  // would have kept, or the server's first prune pass rewrites most of the seeded tickets.
  const kept = outbox.filter((m) => m.sentAt.getTime() >= now.getTime() - 30 * DAY);
  return {
    _id: new ObjectId(),
    protocol,
    professional: { id: p._id, name: p.name, cpf: p.cpf, email: p.email },
    type, topic,
    rrtNumber: topic === 'rrt' ? `SI${String(10_000_000 + n)}` : null,
    annuityYear: topic === 'annuity' ? 2020 + (n % 6) : null,
    relatedProtocol: null, subject, description: DESCRIPTION, attachments: [],
    status, outcome, closeReason, rating, ratingComment: null, deadlineAt, reminderFor: null, assignee, answered,
    waitingSince, firstResponseAt, closedAt, messages, notes, history, outbox: kept,
    searchTokens: searchTokens(`${protocol} ${subject} ${p.name}`),
    version: history.length - 1, createdAt, updatedAt,
  };
}

const SEED_IN_FLIGHT = 4;

export interface Seeded {
  professionals: Array<{ id: string; token: string; name: string; cpf: string }>;
  attendants: Array<{ id: string; token: string }>;
  protocols: string[];
  ticketCount: number;
}

export function pickStatus(n: number): Status {
  const x = ((n * 2654435761) % 1000) / 1000;
  let acc = 0;
  for (const [status, share] of STATUS_MIX) {
    acc += share;
    if (x < acc) return status;
  }
  return 'closed';
}

/** Unordered `insertMany`s of `batch` documents, `SEED_IN_FLIGHT` at a time. */
async function insertInBatches(db: Db, collection: string, docs: Iterable<Record<string, unknown>>, batch = 1000): Promise<number> {
  let pending: Record<string, unknown>[] = [];
  let total = 0;
  const inFlight: Promise<unknown>[] = [];
  for (const doc of docs) {
    pending.push(doc);
    if (pending.length >= batch) {
      inFlight.push(db.collection(collection).insertMany(pending, { ordered: false }));
      total += pending.length;
      pending = [];
      if (inFlight.length >= SEED_IN_FLIGHT) await inFlight.shift();
    }
  }
  if (pending.length) inFlight.push(db.collection(collection).insertMany(pending, { ordered: false }));
  total += pending.length;
  await Promise.all(inFlight);
  return total;
}

/**
 * `tickets` tickets from `tickets / 5` professionals (each has 5: at most 2–3 open, under the cap),
 * created over the past year, oldest first; sessions for `sessions` professionals and every attendant.
 */
export async function seed(db: Db, options: { tickets: number; attendants?: number; sessions?: number; batch?: number; log?: (s: string) => void }): Promise<Seeded> {
  const log = options.log ?? (() => undefined);
  const now = new Date();
  const proCount = Math.max(1, Math.round(options.tickets / 5));
  const attendantCount = options.attendants ?? 20;
  const passwordHash = await hashPassword(PASSWORD);

  const people = Array.from({ length: proCount }, (_, i) => person(i));
  const attendants: Person[] = Array.from({ length: attendantCount }, (_, i) => ({
    _id: new ObjectId(), name: `Atendente ${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]}`, cpf: '', email: `atendente${i}@causp.gov.br`,
  }));
  await insertInBatches(db, 'users', people.map((p, i) => professionalDoc(p, i, passwordHash, now)));
  await insertInBatches(db, 'users', attendants.map((a, i) => ({
    _id: a._id, role: 'attendant', realm: 'staff', name: a.name, login: `atendente${i}`, email: a.email, passwordHash, disabled: false, passwordChangedAt: now,
    mfa: { enabled: false, secret: null, pendingSecret: null, lastCounter: 0, recoveryCodes: [] }, outbox: [], createdAt: now, updatedAt: now,
  })));
  log(`users: ${proCount} professionals, ${attendantCount} attendants`);

  // Oldest first, spread over the past 365 days; protocols numbered per São Paulo year in that order.
  const span = 365 * DAY;
  const seqByYear = new Map<number, number>();
  const protocols: string[] = [];
  function* tickets() {
    for (let n = 0; n < options.tickets; n++) {
      const createdAt = new Date(now.getTime() - span + Math.floor((n / options.tickets) * (span - 10 * DAY)));
      const year = localYear(createdAt);
      const seq = (seqByYear.get(year) ?? 0) + 1;
      seqByYear.set(year, seq);
      const protocol = `${year}-${String(seq).padStart(6, '0')}`;
      if (n % Math.max(1, Math.floor(options.tickets / 2000)) === 0) protocols.push(protocol);
      yield ticketDoc(protocol, people[n % proCount]!, pickStatus(n), createdAt, attendants, n, { now });
    }
  }
  const started = Date.now();
  const count = await insertInBatches(db, 'tickets', tickets(), options.batch ?? 1000);
  const seconds = (Date.now() - started) / 1000;
  log(`tickets: ${count} in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)}/s)`);
  for (const [year, seq] of seqByYear) {
    await db.collection<{ _id: string; seq: number }>('counters').updateOne({ _id: `protocol:${year}` }, { $max: { seq } }, { upsert: true });
  }
  await db.collection<{ _id: string; value: unknown }>('settings').updateOne(
    { _id: 'security' },
    { $set: { value: { ...DEFAULT_SECURITY_SETTINGS, maxOpenTicketsPerProfessional: 1_000_000 }, updatedAt: now }, $setOnInsert: { createdAt: now } },
    { upsert: true },
  );

  const sessionFor = (userId: ObjectId, hours: number) => {
    const value = token();
    return {
      token: value,
      doc: { _id: new ObjectId(), tokenHash: sha256(value), userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + hours * 3_600_000), ip: '127.0.0.1', userAgent: 'bench' },
    };
  };
  const proSessions = people.slice(0, Math.min(proCount, options.sessions ?? 1000)).map((p) => ({ p, s: sessionFor(p._id, 24 * 30) }));
  const staffSessions = attendants.map((a) => ({ a, s: sessionFor(a._id, 12) }));
  await insertInBatches(db, 'sessions', [...proSessions.map((x) => x.s.doc), ...staffSessions.map((x) => x.s.doc)]);
  log(`sessions: ${proSessions.length + staffSessions.length}`);
  return {
    professionals: proSessions.map(({ p, s }) => ({ id: String(p._id), token: s.token, name: p.name, cpf: p.cpf })),
    attendants: staffSessions.map(({ a, s }) => ({ id: String(a._id), token: s.token })),
    protocols,
    ticketCount: count,
  };
}

/** What a kept database remembers of its seeding (collection `benchseed`, which the server never reads). */
interface SeedRecord extends Seeded {
  _id: 'seed';
  tickets: number;
  at: Date;
}

/**
 * Seeds `db`, or with `keep` reuses what an earlier run seeded there with the same number of
 * tickets: a million tickets take minutes to insert and index, so they are seeded once and kept.
 * A kept database is used as it is (see below). Without `keep` the database is dropped and seeded
 * afresh. Returns the seeding, whether it was reused, and how long it took.
 */
export async function seedOrReuse(
  db: Db, options: { tickets: number; keep: boolean; batch?: number; log?: (s: string) => void },
): Promise<Seeded & { reused: boolean; seedSeconds: number }> {
  const log = options.log ?? (() => undefined);
  const records = db.collection<SeedRecord>('benchseed');
  if (options.keep) {
    const record = await records.findOne({ _id: 'seed' });
    if (record && record.tickets === options.tickets) {
      // Nothing is written to a kept database: on FerretDB v2 (DocumentDB 0.106) an updateMany that
      // moved every session's expiresAt left the collection's indexes failing every later read and
      // write with "lock BufferContent is not held". It grows by what the write phases create (a few
      // thousand tickets per run), and the seeded sessions last 30 days (staff: 12 hours).
      const created = await db.collection('tickets').countDocuments({ createdAt: { $gt: record.at } });
      log(`reusing ${db.databaseName} seeded ${record.at.toISOString()} (${record.ticketCount} tickets, ${created} created by runs since)`);
      // Staff sessions end after an idle stretch (SPEC §8): each run inserts fresh ones for the
      // attendants (an insert, not an update of the old ones, for the reason above).
      const now = new Date();
      const fresh = record.attendants.map((a) => ({ id: a.id, token: token() }));
      await db.collection('sessions').insertMany(fresh.map((a) => ({
        _id: new ObjectId(), tokenHash: sha256(a.token), userId: new ObjectId(a.id), createdAt: now, lastSeenAt: now,
        expiresAt: new Date(now.getTime() + 12 * 3_600_000), ip: '127.0.0.1', userAgent: 'bench',
      })));
      return { ...record, attendants: fresh, reused: true, seedSeconds: 0 };
    }
  }
  await db.dropDatabase();
  const t0 = Date.now();
  const at = new Date();
  const seeded = await seed(db, { tickets: options.tickets, batch: options.batch, log });
  const seedSeconds = (Date.now() - t0) / 1000;
  if (options.keep) await records.insertOne({ _id: 'seed', tickets: options.tickets, at, ...seeded });
  return { ...seeded, reused: false, seedSeconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const a = args();
  if (!a.uri) {
    console.error('usage: npx tsx bench/seed.ts --uri=mongodb://host:port/dbname [--tickets=100000]');
    process.exit(2);
  }
  const client = await MongoClient.connect(a.uri);
  const result = await seed(client.db(), { tickets: Number(a.tickets ?? 100_000), log: (s) => console.log(s) });
  console.log(`seeded ${result.ticketCount} tickets; a professional's token: ${result.professionals[0]?.token}; an attendant's: ${result.attendants[0]?.token}`);
  await client.close();
}
