import { describe, expect, it } from 'vitest';
import { parseHash, requiresSession, routeHash, visitorsOnly, type Route } from './routes';

describe('routes', () => {
  const routes: [string, Route][] = [
    ['#atendimento/entrar', { name: 'login' }],
    ['#atendimento/cadastro', { name: 'signup' }],
    ['#atendimento/cadastro/acesso', { name: 'signup-access' }],
    ['#atendimento/esqueci-minha-senha', { name: 'forgot' }],
    ['#atendimento/redefinir-senha/abc_DEF-123', { name: 'reset', token: 'abc_DEF-123' }],
    ['#atendimento/chamados', { name: 'tickets' }],
    ['#atendimento/chamados?situacao=pendente', { name: 'tickets', status: 'pending_professional' }],
    ['#atendimento/chamados?situacao=fechado&busca=boleto+da+anuidade', { name: 'tickets', status: 'closed', search: 'boleto da anuidade' }],
    ['#atendimento/chamados?busca=2026-000042', { name: 'tickets', search: '2026-000042' }],
    ['#atendimento/novo-chamado', { name: 'new-ticket' }],
    ['#atendimento/novo-chamado/2026-000042', { name: 'new-ticket', related: '2026-000042' }],
    ['#atendimento/chamado/2026-000042', { name: 'ticket', protocol: '2026-000042' }],
    ['#atendimento/conta', { name: 'account' }],
    ['#atendimento/perguntas-frequentes', { name: 'faq' }],
    ['#atendimento/perguntas-frequentes/segunda-via-do-boleto', { name: 'faq', slug: 'segunda-via-do-boleto' }],
  ];

  it('opens the FAQ to visitors and professionals alike, and ignores a malformed article address', () => {
    expect(requiresSession({ name: 'faq' })).toBe(false);
    expect(visitorsOnly({ name: 'faq' })).toBe(false);
    expect(parseHash('#atendimento/perguntas-frequentes/<script>')).toEqual({ name: 'faq' });
  });

  it.each(routes)('%s ⇄ %j', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
    expect(routeHash(route)).toBe(hash);
  });

  it('keeps only a known situation and a bounded search of Meus chamados', () => {
    expect(parseHash('#atendimento/chamados?situacao=arquivado&busca=%20%20')).toEqual({ name: 'tickets' });
    expect(parseHash(`#atendimento/chamados?busca=${'x'.repeat(300)}`)).toEqual({ name: 'tickets', search: 'x'.repeat(100) });
    expect(routeHash({ name: 'tickets', search: 'RRT & boleto?' })).toBe('#atendimento/chamados?busca=RRT+%26+boleto%3F');
    expect(parseHash('#atendimento/chamados?busca=RRT+%26+boleto%3F')).toEqual({ name: 'tickets', search: 'RRT & boleto?' });
  });

  it('reads the e-mail link of a ticket (PORTAL_URL + #atendimento/chamado/<protocolo>)', () => {
    expect(parseHash(new URL('https://www.causp.gov.br/atendimento#atendimento/chamado/2026-000007').hash))
      .toEqual({ name: 'ticket', protocol: '2026-000007' });
  });

  it.each(['', '#', '#conteudo', '#atendimentos', '#/atendimento'])('leaves %j to the host page', (hash) => {
    expect(parseHash(hash)).toBeNull();
  });

  it.each([
    ['#atendimento', 'tickets'],
    ['#atendimento/qualquer-coisa', 'tickets'],
    ['#atendimento/chamado/42', 'tickets'],
    ['#atendimento/chamado/<script>', 'tickets'],
    ['#atendimento/redefinir-senha/', 'forgot'],
    ['#atendimento/novo-chamado/abc', 'new-ticket'],
  ])('falls back safely for %j', (hash, name) => {
    expect(parseHash(hash)?.name).toBe(name);
  });

  it('knows which routes need a session and which are for visitors', () => {
    expect(routes.filter(([, r]) => requiresSession(r)).map(([, r]) => r.name)).toEqual(['tickets', 'tickets', 'tickets', 'tickets', 'new-ticket', 'new-ticket', 'ticket', 'account']);
    expect(routes.filter(([, r]) => visitorsOnly(r)).map(([, r]) => r.name)).toEqual(['login', 'signup', 'signup-access', 'forgot']);
  });
});
