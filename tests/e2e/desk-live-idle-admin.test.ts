// The desk's idle sign-out end to end (issue 11), in Chromium: an admin's untouched desk is signed out
// at a one-minute staff idle limit, after a visible warning, while live events keep flowing. Its own
// file (split from desk-live.test.ts) so that its idle minute runs beside the other browser files'.
//
// Property over time: the idle minute is a real minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/desk-page';
import { startDeskStage, type DeskStage } from '../support/e2e-stage';
import { openTicket } from '../support/fixtures';
import { ADMIN, expectReason } from '../support/harness';

let stage: DeskStage;

beforeAll(async () => {
  stage = await startDeskStage({ staffIdleMinutes: 1 });
});

afterAll(() => stage?.close());

describe('the desk, idle', () => {
  it("signs an admin's untouched desk out at a one-minute staff idle limit, after a visible warning, while events flow", async () => {
    const page = stage.tabs[0];
    await signIn(page, stage.server.url, ADMIN);
    const started = Date.now();
    const token = await page.evaluate(() => sessionStorage.getItem('cau-desk.session'));
    await page.getByTestId('idle-warning').waitFor({ timeout: 10_000 });
    // Live events keep arriving; they are not the person, so they do not keep the desk awake.
    const traffic = setInterval(() => void openTicket(stage.pro).catch(() => undefined), 10_000);
    try {
      await page.waitForURL(/#\/entrar/, { timeout: 90_000 });
    } finally {
      clearInterval(traffic);
    }
    const after = Date.now() - started;
    console.info(`admin desk signed out after ${after} ms of no input (limit 60 000 ms)`);
    expect(after).toBeGreaterThan(50_000);
    await page.getByText('Sua sessão foi encerrada por inatividade').waitFor();
    await expectReason(stage.server.client(token!).auth.me.query(), 'unauthenticated');
  }, 150_000);
});
