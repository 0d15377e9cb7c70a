// The workspace's calls (SPEC §9): answer templates, service levels, the supervisor's report and the
// CSV downloads. Kept beside api/index.ts so the stores of other areas stay untouched; tests mock it.
import { ApiError, callApi, httpAuth } from './index';
import type { TrpcClient } from './client';

type Out<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type In<F extends (...args: never[]) => unknown> = Parameters<F>[0];
type Templates = TrpcClient['desk']['templates'];

export type Template = Out<Templates['list']['query']>[number];
export type TemplateDraft = In<Templates['save']['mutate']>;
export type ServiceLevels = Out<TrpcClient['admin']['serviceLevels']['get']['query']>;
export type SupervisorReport = Out<TrpcClient['admin']['reportDetails']['query']>;
export type ReportQuery = Exclude<In<TrpcClient['admin']['reportDetails']['query']>, void | undefined>;

/** Fetches a Bearer-protected CSV and hands it to the browser's "save as". */
async function downloadCsv(path: string, params: Record<string, string | undefined>): Promise<string> {
  const { base, token } = await httpAuth();
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  let response: Response;
  try {
    response = await fetch(`${base}${path}?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError('network', 'Não foi possível falar com o servidor. Verifique a conexão e tente novamente.');
  }
  if (!response.ok) throw new ApiError(response.status === 403 ? 'forbidden' : 'invalid_input', await response.text());
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'exportacao.csv';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export const workspaceApi = {
  templates: {
    list: (input: { search?: string; topic?: Template['topic'] & string } = {}) => callApi((c) => c.desk.templates.list.query(input)),
    save: (input: TemplateDraft) => callApi((c) => c.desk.templates.save.mutate(input)),
    remove: (id: string) => callApi((c) => c.desk.templates.remove.mutate({ id })),
    used: (id: string, protocol?: string) => callApi((c) => c.desk.templates.used.mutate({ id, ...(protocol ? { protocol } : {}) })),
  },
  serviceLevels: {
    get: () => callApi((c) => c.admin.serviceLevels.get.query()),
    update: (input: ServiceLevels) => callApi((c) => c.admin.serviceLevels.update.mutate(input)),
  },
  report: (input: ReportQuery) => callApi((c) => c.admin.reportDetails.query(input)),
  closeAsDuplicate: (protocol: string, duplicateOf: string, message: string) =>
    callApi((c) => c.desk.close.mutate({ protocol, reason: 'duplicate', message, duplicateOf })),
  /** Everything held about one professional, for a data-access request (LGPD); audited by the server. */
  professionalData: (id: string) => callApi((c) => c.admin.professionals.export.query({ id })),
  reportCsv: (input: { from?: string; to?: string; granularity?: string }) => downloadCsv('/admin/reports.csv', input),
  queueCsv: (input: Record<string, string | undefined>) => downloadCsv('/desk/queue.csv', input),
};
