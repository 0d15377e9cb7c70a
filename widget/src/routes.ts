// The widget's routes and their URL fragments (`#atendimento/...`). Fragments that do not start with
// `#atendimento` belong to the host page and are left alone. E-mail links use the same fragments:
// PORTAL_URL + `#atendimento/chamado/<protocolo>` and `#atendimento/redefinir-senha/<token>`.
// "Minha conta" is `#atendimento/conta`; "Perguntas frequentes" `#atendimento/perguntas-frequentes[/<slug>]`,
// open to visitors and professionals alike. "Meus chamados" keeps its filter in the address:
// `#atendimento/chamados?situacao=<pendente|…>&busca=<texto>`, so a reload or the back button shows
// the same list.
import type { Status } from '@cau/shared';

export type Route =
  | { name: 'login' }
  | { name: 'signup' }
  | { name: 'signup-access' }
  | { name: 'forgot' }
  | { name: 'reset'; token: string }
  | { name: 'tickets'; status?: Status; search?: string }
  | { name: 'new-ticket'; related?: string }
  | { name: 'ticket'; protocol: string }
  | { name: 'account' }
  | { name: 'faq'; slug?: string };

export type RouteName = Route['name'];

const PREFIX = 'atendimento';
const PROTOCOL = /^\d{4}-\d{6}$/;
const TOKEN = /^[A-Za-z0-9_.~-]{1,500}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The situations of "Meus chamados" as they read in the address. */
const STATUS_SLUGS: Record<Status, string> = {
  open: 'aberto',
  in_progress: 'em-andamento',
  pending_professional: 'pendente',
  awaiting_approval: 'homologando',
  closed: 'fechado',
};
const SEARCH_MAX = 100;

function ticketsRoute(query: string): Route {
  const params = new URLSearchParams(query);
  const slug = params.get('situacao');
  const status = (Object.keys(STATUS_SLUGS) as Status[]).find((s) => STATUS_SLUGS[s] === slug);
  const search = (params.get('busca') ?? '').trim().slice(0, SEARCH_MAX);
  return { name: 'tickets', ...(status ? { status } : {}), ...(search ? { search } : {}) };
}

/** The route a fragment names, or null when the fragment is not the widget's. */
export function parseHash(hash: string): Route | null {
  const [raw = '', query = ''] = hash.replace(/^#/, '').split(/\?(.*)/s, 2);
  const [head, ...rest] = raw.split('/').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  if (head !== PREFIX) return null;
  const [section, param] = rest;
  switch (section) {
    case 'entrar':
      return { name: 'login' };
    case 'cadastro':
      return param === 'acesso' ? { name: 'signup-access' } : { name: 'signup' };
    case 'esqueci-minha-senha':
      return { name: 'forgot' };
    case 'redefinir-senha':
      return param && TOKEN.test(param) ? { name: 'reset', token: param } : { name: 'forgot' };
    case 'novo-chamado':
      return param && PROTOCOL.test(param) ? { name: 'new-ticket', related: param } : { name: 'new-ticket' };
    case 'chamados':
      return ticketsRoute(query);
    case 'chamado':
      return param && PROTOCOL.test(param.trim()) ? { name: 'ticket', protocol: param.trim() } : { name: 'tickets' };
    case 'conta':
      return { name: 'account' };
    case 'perguntas-frequentes':
      return param && SLUG.test(param) && param.length <= 120 ? { name: 'faq', slug: param } : { name: 'faq' };
    default:
      return { name: 'tickets' };
  }
}

/** The fragment of a route, with its leading `#`. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'login':
      return `#${PREFIX}/entrar`;
    case 'signup':
      return `#${PREFIX}/cadastro`;
    case 'signup-access':
      return `#${PREFIX}/cadastro/acesso`;
    case 'forgot':
      return `#${PREFIX}/esqueci-minha-senha`;
    case 'reset':
      return `#${PREFIX}/redefinir-senha/${encodeURIComponent(route.token)}`;
    case 'tickets': {
      const params = new URLSearchParams();
      if (route.status) params.set('situacao', STATUS_SLUGS[route.status]);
      if (route.search) params.set('busca', route.search);
      const query = params.toString();
      return `#${PREFIX}/chamados${query ? `?${query}` : ''}`;
    }
    case 'new-ticket':
      return route.related ? `#${PREFIX}/novo-chamado/${route.related}` : `#${PREFIX}/novo-chamado`;
    case 'ticket':
      return `#${PREFIX}/chamado/${route.protocol}`;
    case 'account':
      return `#${PREFIX}/conta`;
    case 'faq':
      return route.slug ? `#${PREFIX}/perguntas-frequentes/${route.slug}` : `#${PREFIX}/perguntas-frequentes`;
  }
}

/** Routes that need a session; without one the login form shows in their place, keeping the fragment. */
export function requiresSession(route: Route): boolean {
  return route.name === 'tickets' || route.name === 'new-ticket' || route.name === 'ticket' || route.name === 'account';
}

/** Routes only for visitors; with a session they show the ticket list instead. */
export function visitorsOnly(route: Route): boolean {
  return route.name === 'login' || route.name === 'signup' || route.name === 'signup-access' || route.name === 'forgot';
}
