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
  const session = await server.client().auth.login.mutate(credentials);
  return { ...staff, ...credentials, token: session.token, api: server.client(session.token) };
}

export const TICKET = {
  type: 'question' as const,
  topic: 'annuity' as const,
  annuityYear: 2025,
  subject: 'Dúvida sobre a anuidade',
  description: 'Paguei a anuidade de 2025 mas o boleto continua em aberto no SICCAU.',
};
