// Management figures for admins (SPEC §4): volumes by type and tema, time to first response and
// to resolution, outcomes and the rating average, over a period of creation dates. Computed by the
// database (see supervisor.service), not by reading the tickets of the period.
import { summary } from './supervisor.service';

export interface ReportInput {
  from?: Date;
  to?: Date;
}

export function ticketReport(input: ReportInput) {
  return summary(input.from, input.to);
}
