// The admin's deadline settings (SPEC §3 "Deadlines"): validated with pt-BR messages, stored as
// given, and used by the server for the next deadline it computes. The server's clock is pinned to
// a known week (Wednesday 13 June 2040, 13:00 in São Paulo) and advances from there in real time,
// so that weekends and holidays fall on the same days whatever day the suite runs.
import {
  computeDeadline, DEFAULT_DEADLINE_SETTINGS, parseDuration, type DeadlineSettings,
} from '@cau/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, attendant, signUp, storedTicket, ticketIn } from '../support/fixtures';
import { clockFrom, expectReason, startTestServer, type TestServer } from '../support/harness';

/** Wednesday; no national or São Paulo holiday in the two weeks that follow. */
const START = new Date('2040-06-13T13:00:00-03:00');
const clock = clockFrom(START);

let server: TestServer;
let pro: Awaited<ReturnType<typeof signUp>>;
let desk: Awaited<ReturnType<typeof attendant>>;

beforeAll(async () => {
  server = await startTestServer({ DEADLINE_PENDING: 'PT2S', DEADLINE_APPROVAL: 'PT2S', JOBS_EVERY: '1 second' }, { now: clock });
  pro = await signUp(server);
  desk = await attendant(server);
});
afterAll(async () => {
  await server?.close();
});

/** Asks for information on a fresh ticket and returns the deadline the server set, checked against the shared rule. */
async function requestInfoDeadline(settings: DeadlineSettings): Promise<Date> {
  const protocol = await ticketIn('in_progress', pro, desk);
  const before = clock();
  const asked = await desk.api.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante, por favor.' });
  const after = clock();
  const deadline = new Date(asked.deadlineAt!);
  const expected = (at: Date) => computeDeadline(at, parseDuration(settings.pending)!, settings.mode, settings.holidays).getTime();
  expect(deadline.getTime()).toBeGreaterThanOrEqual(expected(before));
  expect(deadline.getTime()).toBeLessThanOrEqual(expected(after));
  expect((await storedTicket(server, protocol)).deadlineAt.getTime()).toBe(deadline.getTime());
  return deadline;
}

/** The São Paulo calendar date of an instant, as YYYY-MM-DD. */
const spDate = (at: Date) => at.toLocaleDateString('sv-SE', { timeZone: 'America/Sao_Paulo' });

describe('deadline settings (admin)', () => {
  it('the server reads the pinned clock', async () => {
    const protocol = await ticketIn('open', pro, desk);
    expect(protocol).toMatch(/^2040-/);
    const stored = await storedTicket(server, protocol);
    expect(Math.abs(stored.createdAt.getTime() - clock().getTime())).toBeLessThan(5_000);
  });

  it('validates with pt-BR messages, stores what get returns, and the server computes deadlines with them', async () => {
    const admin = await adminSession(server);
    const original = await admin.api.admin.settings.get.query();
    expect(original).toMatchObject({ pending: 'PT2S', approval: 'PT2S', mode: 'calendar' });

    const valid: DeadlineSettings = {
      pending: 'P5D',
      approval: 'PT2S',
      mode: 'business',
      holidays: { fixed: ['01-01', '11-20', '12-24'], dates: ['2040-06-15', '2040-12-31'], easterBased: true },
    };
    const invalid: Array<[string, unknown, RegExp]> = [
      ['a duration that is not ISO-8601', { ...valid, pending: 'cinco dias' }, /Prazo inválido/],
      ['an empty duration', { ...valid, approval: 'P' }, /Prazo inválido/],
      ['an unknown mode', { ...valid, mode: 'weekdays' }, /dias corridos ou dias úteis/],
      ['a fixed holiday that is not MM-DD', { ...valid, holidays: { ...valid.holidays, fixed: ['13-01'] } }, /Feriado fixo inválido/],
      ['a date that does not exist', { ...valid, holidays: { ...valid.holidays, dates: ['2026-02-30'] } }, /Data inexistente/],
      ['a date in another format', { ...valid, holidays: { ...valid.holidays, dates: ['31/12/2026'] } }, /Data inválida/],
    ];
    for (const [what, input, message] of invalid) {
      const error = await expectReason(admin.api.admin.settings.update.mutate(input as DeadlineSettings), 'invalid_input', 400);
      expect(error.message, what).toMatch(message);
      expect(await admin.api.admin.settings.get.query(), `${what} changed the settings`).toEqual(original);
    }
    // Only an admin may change them.
    await expectReason(desk.api.admin.settings.update.mutate(valid), 'forbidden');

    try {
      // Five business days from Wednesday the 13th, with Friday the 15th an admin's holiday:
      // Thu 14, Mon 18, Tue 19, Wed 20, Thu 21 — the deadline is Thursday 21 June at 13:00.
      expect(await admin.api.admin.settings.update.mutate(valid)).toEqual(valid);
      expect(await admin.api.admin.settings.get.query()).toEqual(valid);
      const business = await requestInfoDeadline(valid);
      expect(spDate(business)).toBe('2040-06-21');
      expect(business.getTime() - clock().getTime()).toBeGreaterThan(8 * 86_400_000 - 60_000);

      // Five calendar days land on Monday the 18th, an admin's holiday here: the deadline moves to Tuesday 19 June.
      const calendar: DeadlineSettings = { ...valid, mode: 'calendar', holidays: { ...valid.holidays, dates: ['2040-06-18'], easterBased: false } };
      expect(await admin.api.admin.settings.update.mutate(calendar)).toEqual(calendar);
      expect(await admin.api.admin.settings.get.query()).toEqual(calendar);
      expect(spDate(await requestInfoDeadline(calendar))).toBe('2040-06-19');

      // The approval duration (PT2S) stays plain elapsed time whatever the mode.
      const protocol = await ticketIn('in_progress', pro, desk);
      const before = clock().getTime();
      const resolved = await desk.api.desk.resolve.mutate({ protocol, message: 'Baixamos o boleto; a anuidade consta como paga.' });
      const after = clock().getTime();
      expect(Date.parse(resolved.deadlineAt!)).toBeGreaterThanOrEqual(before + 2_000 - 5);
      expect(Date.parse(resolved.deadlineAt!)).toBeLessThanOrEqual(after + 2_000 + 5);
    } finally {
      const restored: DeadlineSettings = { pending: 'PT2S', approval: 'PT2S', mode: 'calendar', holidays: DEFAULT_DEADLINE_SETTINGS.holidays };
      expect(await admin.api.admin.settings.update.mutate(restored)).toEqual(restored);
    }
  });
});
