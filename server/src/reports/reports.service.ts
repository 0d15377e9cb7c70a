// Management figures for admins (SPEC §4): volumes by type and tema, time to first response and
// to resolution, outcomes and the rating average, over a period of creation dates. Computed by the
// database (see supervisor.service), not by reading the tickets of the period.
import type { Deps } from '../deps';
import { figures } from './supervisor.service';

export interface ReportInput {
  from?: Date;
  to?: Date;
}

export async function ticketReport(deps: Pick<Deps, 'tickets'>, input: ReportInput) {
  return (await figures(deps, input.from, input.to)).summary;
}
