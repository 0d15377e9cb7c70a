// Test data: valid CPFs, unique people, and shortcuts to a signed-up professional or an attendant.
import { completeCpf, formatCpf } from '@cau/shared';
import { ADMIN, type TestServer } from './harness';

let sequence = 0;
const unique = () => `${process.pid % 1000}${Date.now() % 100000}${sequence++}`;

/** A fresh valid CPF (11 digits). */
export function newCpf(): string {
  for (;;) {
    const base = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
    const cpf = completeCpf(base);
    if (!/^(\d)\1{10}$/.test(cpf)) return cpf;
  }
}

export function newPerson() {
  const id = unique();
  return {
    name: 'Ana Lúcia Conceição',
    cpf: formatCpf(newCpf()),
    email: `ana.${id}@exemplo.com.br`,
    login: `ana.${id}`.slice(0, 32),
    password: 'Projeto-Casa-2026',
  };
}

export async function signUp(server: TestServer, person = newPerson()) {
  const anonymous = server.client();
  const { signupToken } = await anonymous.auth.checkSignup.mutate({ name: person.name, cpf: person.cpf, email: person.email });
  const session = await anonymous.auth.signup.mutate({ signupToken, login: person.login, password: person.password });
  return { ...person, ...session, api: server.client(session.token) };
}

export async function adminSession(server: TestServer) {
  const session = await server.client().auth.login.mutate(ADMIN);
  return { ...session, api: server.client(session.token) };
}

export async function attendant(server: TestServer, name = 'Bruno Atendente') {
  const admin = await adminSession(server);
  const id = unique();
  const credentials = { login: `att.${id}`.slice(0, 32), password: 'Atendimento-Seguro-1' };
  const staff = await admin.api.admin.attendants.create.mutate({ name, email: `att.${id}@causp.test`, role: 'attendant', ...credentials });
  // The password an admin sets must be replaced at the first login (password_change_required).
  const first = await server.client().auth.login.mutate(credentials);
  const own = { login: credentials.login, password: 'Atendimento-Proprio-7' };
  const { token } = await server.client(first.token).account.changePassword.mutate({ currentPassword: credentials.password, newPassword: own.password });
  return { ...staff, ...own, token, api: server.client(token) };
}

export const TICKET = {
  type: 'question' as const,
  topic: 'annuity' as const,
  annuityYear: 2025,
  subject: 'Dúvida sobre a anuidade',
  description: 'Paguei a anuidade de 2025 mas o boleto continua em aberto no SICCAU.',
};

// ---- tickets: shortcuts for the lifecycle and queue tests ----
// (imports kept with the block they serve, so this file stays append-only for its other users)
import type { Status } from '@cau/shared';
import type { Client } from './harness';

type Actor = { api: Client };
export type NewTicket = Parameters<Client['tickets']['create']['mutate']>[0];

/** Opens a ticket for `pro` and returns its protocol. */
export async function openTicket(pro: Actor, input: NewTicket = TICKET): Promise<string> {
  return (await pro.api.tickets.create.mutate(input)).protocol;
}

/**
 * A new ticket of `pro` brought to `status` through the API, `desk` acting for the attendant rows.
 * `closed` goes through resolve and approve (outcome `approved`).
 */
export async function ticketIn(status: Status, pro: Actor, desk: Actor, input: NewTicket = TICKET): Promise<string> {
  const protocol = await openTicket(pro, input);
  if (status === 'open') return protocol;
  if (status === 'in_progress') await desk.api.desk.take.mutate({ protocol });
  if (status === 'pending_professional') await desk.api.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante, por favor.' });
  if (status === 'awaiting_approval' || status === 'closed') {
    await desk.api.desk.resolve.mutate({ protocol, message: 'Corrigimos o seu cadastro.' });
  }
  if (status === 'closed') await pro.api.tickets.approve.mutate({ protocol, rating: 4 });
  return protocol;
}

/** The ticket as stored, straight from the database (with notes and outbox). */
export async function storedTicket(server: TestServer, protocol: string) {
  const doc = await server.db.collection('tickets').findOne({ protocol });
  if (!doc) throw new Error(`ticket ${protocol} is not stored`);
  return doc;
}

// ---- auth, admin and hostile-input tests ----

/** Sends a raw GET to a query procedure with `input` as its JSON, for inputs no typed client would produce. */
export async function rawQuery(server: TestServer, path: string, input: unknown, headers: Record<string, string> = {}) {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${server.url}/trpc/${path}${query}`, { headers });
  const json = (await response.json().catch(() => null)) as { error?: { message: string; data: { reason: string; httpStatus: number } } } | null;
  return { status: response.status, json };
}

/** How many documents each collection of the test database holds, to show that a refused call stored nothing. */
export async function collectionCounts(server: TestServer): Promise<Record<string, number>> {
  // The relay's own writes (desk events, alerts) of changes already made are not the call's.
  await liveSettled(server);
  const counts: Record<string, number> = {};
  // Rate-limit counters record that a request came, which is their job, not a change of data.
  // So are the desk events relay's lease and hint documents, and the report roll-up (per-day
  // summaries of the tickets, counted when a report is read).
  const bookkeeping = new Set(['ratelimits', 'leases', 'reportdays', 'reportopen', 'reportstate']);
  for (const { name } of await server.db.listCollections({}, { nameOnly: true }).toArray()) {
    if (bookkeeping.has(name)) continue;
    counts[name] = await server.db.collection(name).countDocuments();
  }
  return counts;
}

/** The outbox entries of the user with `login`, oldest first. */
export async function outboxOf(server: TestServer, login: string) {
  const user = await server.db.collection('users').findOne({ login: login.toLowerCase() });
  if (!user) throw new Error(`user ${login} is not stored`);
  return user.outbox as Array<{ template: string; to: { name: string; address: string }; data: Record<string, unknown> }>;
}

/**
 * Waits until the desk events relay has caught up with every ticket change made so far (each
 * change's live event sequenced, its alerts written, its outbox entry pulled), so that a snapshot
 * of the database does not catch those asynchronous writes half-way.
 */
export async function liveSettled(server: TestServer): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await server.db.collection('tickets').countDocuments({ 'liveOutbox.0': { $exists: true } })) > 0) {
    if (Date.now() > deadline) throw new Error('the desk events relay did not catch up within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
