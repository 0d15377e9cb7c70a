// CSV downloads (SPEC §9): `GET /admin/reports.csv` (admins) and `GET /desk/queue.csv` (staff, a
// filtered queue view). Authenticated by the `Authorization: Bearer` header only, like the API:
// a token in the URL would end up in proxy and access logs.
import {
  OUTCOME_LABELS, QUEUE_VIEW_LABELS, STATUS_LABELS, TOPIC_LABELS, TYPE_LABELS, formatDateTime, queueInput, supervisorReportInput,
  toCsv, type Outcome, type Topic,
} from '@cau/shared';
import type { Express, Request, Response } from 'express';
import type { Deps } from '../deps';
import { cors, DESK_APP_ORIGIN } from '../http/cors';
import { deskQueue } from '../tickets/queue.service';
import { resolveSession, type AuthedUser } from '../users/auth.service';
import { mustEnrol } from '../users/mfa.service';
import { AGE_BUCKETS, supervisorReport } from './supervisor.service';

/** At most this many rows of a queue go into one file; a larger export is narrowed by filters. */
export const QUEUE_CSV_MAX_ROWS = 10_000;

const SLA_LABELS = { ok: 'No prazo', soon: 'Vence em breve', overdue: 'Atrasado', paused: 'Pausado (aguardando o profissional)' } as const;

const hours = (ms: number | null) => (ms === null ? null : ms / 3_600_000);
const percent = (rate: number | null) => (rate === null ? null : rate * 100);

function refuse(res: Response, status: number, message: string): void {
  res.status(status).type('text/plain; charset=utf-8').setHeader('Cache-Control', 'no-store').send(message);
}

/** The staff member behind the request's bearer token with one of `roles`, or null once refused. */
async function staffOf(deps: Deps, req: Request, res: Response, roles: ReadonlyArray<AuthedUser['role']>): Promise<AuthedUser | null> {
  const token = /^Bearer +([A-Za-z0-9_-]{10,200})$/i.exec(req.headers.authorization ?? '')?.[1];
  const resolved = token ? await resolveSession(deps, token, deps.now()) : null;
  if (!resolved) {
    refuse(res, 401, 'Sessão expirada ou inválida. Entre novamente.');
    return null;
  }
  if (!roles.includes(resolved.user.role) || (await mustEnrol(deps, resolved.user))) {
    refuse(res, 403, 'Você não tem permissão para baixar este arquivo.');
    return null;
  }
  return resolved.user;
}

function sendCsv(res: Response, name: string, body: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(body);
}

/** Lets the desktop app (app://desk) send its bearer header to these two routes and read the file name. */
const deskCors = cors({ origins: [DESK_APP_ORIGIN], headers: ['authorization'], methods: ['GET', 'OPTIONS'], expose: ['Content-Disposition'] });

/** The first message of a failed parse, for a plain-text 400. */
function firstProblem(error: { issues: Array<{ message: string }> }): string {
  return error.issues[0]?.message ?? 'Parâmetros inválidos.';
}

/** The report as long-format rows: seção; item; indicador; valor. */
export function reportRows(report: Awaited<ReturnType<typeof supervisorReport>>): Array<Array<string | number | null>> {
  const rows: Array<Array<string | number | null>> = [];
  const period = `${formatDateTime(report.period.from)} a ${formatDateTime(report.period.to)}`;
  const previous = `${formatDateTime(report.previousPeriod.from)} a ${formatDateTime(report.previousPeriod.to)}`;
  const totals = (label: string, s: typeof report.summary, sla: typeof report.sla) => {
    rows.push(['Resumo', label, 'Chamados abertos', s.total]);
    rows.push(['Resumo', label, 'Mediana até a 1ª resposta (h)', hours(s.firstResponse.medianMs)]);
    rows.push(['Resumo', label, 'Mediana até o encerramento (h)', hours(s.resolution.medianMs)]);
    rows.push(['Resumo', label, 'Avaliação média', s.rating.average]);
    rows.push(['Resumo', label, 'Nível de serviço 1ª resposta (%)', percent(sla.firstAnswer.rate)]);
    rows.push(['Resumo', label, 'Nível de serviço resolução (%)', percent(sla.resolution.rate)]);
  };
  totals(`Período ${period}`, report.summary, report.sla);
  totals(`Período anterior ${previous}`, report.previous, report.previous.sla);
  for (const p of report.series) {
    rows.push(['Volume', p.bucket, 'Abertos', p.created]);
    rows.push(['Volume', p.bucket, 'Encerrados', p.closed]);
    rows.push(['Volume', p.bucket, 'Em aberto no fim', p.backlog]);
  }
  for (const [type, n] of Object.entries(report.summary.byType)) rows.push(['Tipo', TYPE_LABELS[type as keyof typeof TYPE_LABELS], 'Chamados', n]);
  for (const [topic, n] of Object.entries(report.summary.byTopic)) rows.push(['Tema', topic === 'none' ? 'Sem tema' : TOPIC_LABELS[topic as Topic], 'Chamados', n]);
  for (const [outcome, n] of Object.entries(report.summary.outcomes)) rows.push(['Desfecho', OUTCOME_LABELS[outcome as Outcome], 'Chamados', n]);
  for (const a of report.attendants) {
    rows.push(['Atendente', a.name, 'Chamados atribuídos', a.handled]);
    rows.push(['Atendente', a.name, 'Encerrados', a.closed]);
    rows.push(['Atendente', a.name, 'Mediana até a 1ª resposta (h)', hours(a.firstAnswerMedianMs)]);
    rows.push(['Atendente', a.name, 'Mediana até o encerramento (h)', hours(a.resolutionMedianMs)]);
    rows.push(['Atendente', a.name, 'Avaliação média', a.rating.average]);
  }
  for (const [target, label] of [['firstAnswer', '1ª resposta'], ['resolution', 'Resolução']] as const) {
    const s = report.sla[target];
    rows.push(['Nível de serviço', label, 'No prazo', s.met]);
    rows.push(['Nível de serviço', label, 'Fora do prazo', s.missed]);
    rows.push(['Nível de serviço', label, 'Ainda em curso', s.pending]);
  }
  for (const b of report.age) rows.push(['Idade dos chamados em aberto', AGE_BUCKETS.find((x) => x.key === b.key)!.label, 'Chamados', b.count]);
  for (const t of report.templates) rows.push(['Respostas prontas', t.title, t.shared ? 'Usos (compartilhada)' : 'Usos (pessoal)', t.uses]);
  return rows;
}

export function mountReportsCsv(app: Express, deps: Deps): void {
  app.use(['/admin/reports.csv', '/desk/queue.csv'], deskCors);

  app.get('/admin/reports.csv', async (req, res, next) => {
    try {
      const user = await staffOf(deps, req, res, ['admin']);
      if (!user) return;
      const parsed = supervisorReportInput.safeParse(Object.fromEntries(Object.entries(req.query).filter(([, v]) => typeof v === 'string' && v !== '')));
      if (!parsed.success) return refuse(res, 400, firstProblem(parsed.error));
      const to = parsed.data.to ? new Date(parsed.data.to) : deps.now();
      const from = parsed.data.from ? new Date(parsed.data.from) : new Date(to.getTime() - 30 * 86_400_000);
      const report = await supervisorReport(deps, { from, to, granularity: parsed.data.granularity });
      sendCsv(res, `relatorio-${report.period.from.slice(0, 10)}-a-${report.period.to.slice(0, 10)}.csv`, toCsv(['Seção', 'Item', 'Indicador', 'Valor'], reportRows(report)));
    } catch (error) {
      next(error);
    }
  });

  app.get('/desk/queue.csv', async (req, res, next) => {
    try {
      const user = await staffOf(deps, req, res, ['attendant', 'admin']);
      if (!user) return;
      const query = Object.fromEntries(Object.entries(req.query).filter(([k, v]) => typeof v === 'string' && v !== '' && k !== 'cursor' && k !== 'limit'));
      const parsed = queueInput.safeParse(query);
      if (!parsed.success) return refuse(res, 400, firstProblem(parsed.error));
      const rows: Array<Array<string | number | null>> = [];
      let cursor: string | undefined;
      do {
        const page = await deskQueue(deps.events, user._id, { ...parsed.data, cursor, limit: 100 }, deps);
        for (const t of page.items) {
          rows.push([
            t.protocol, t.subject, t.professional.name, t.professional.cpf, TYPE_LABELS[t.type], t.topic ? TOPIC_LABELS[t.topic] : '',
            t.assignee?.name ?? '', STATUS_LABELS[t.status], formatDateTime(t.createdAt), t.waitingSince ? formatDateTime(t.waitingSince) : '',
            t.deadlineAt ? formatDateTime(t.deadlineAt) : '', t.sla ? SLA_LABELS[t.sla.state] : '',
            t.sla ? formatDateTime(t.sla.target === 'first_answer' ? t.sla.firstAnswerDueAt : t.sla.resolutionDueAt) : '',
          ]);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor && rows.length < QUEUE_CSV_MAX_ROWS);
      const header = ['Protocolo', 'Assunto', 'Profissional', 'CPF', 'Tipo', 'Tema', 'Atendente', 'Situação', 'Aberto em', 'Aguardando desde', 'Prazo', 'Nível de serviço', 'Vence em'];
      const view = QUEUE_VIEW_LABELS[parsed.data.view].toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-');
      sendCsv(res, `fila-${view}.csv`, toCsv(header, rows.slice(0, QUEUE_CSV_MAX_ROWS)));
    } catch (error) {
      next(error);
    }
  });
}
