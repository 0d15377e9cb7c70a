// The desk's idle sign-out end to end (issue 11), in Chromium, two attendants on two tabs: the one
// who does not touch the desk is signed out at the limit the server gives in auth.me (one minute
// here), the one who works is not, while live events keep flowing. Its own file (split from
// desk-live.test.ts) so that its idle minute runs beside the other browser files'.
//
// Property over time: the idle minute is a real minute.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/desk-page';
import { startDeskStage, type DeskStage } from '../support/e2e-stage';
import { openTicket } from '../support/fixtures';
import { expectReason } from '../support/harness';

let stage: DeskStage;
let bruno: Page;
let carlos: Page;

beforeAll(async () => {
  stage = await startDeskStage({ staffIdleMinutes: 1 });
  [bruno, carlos] = stage.tabs;
});

afterAll(() => stage?.close());

describe('the desk, idle', () => {
  it("signs an attendant's untouched desk out at the limit the server gives in auth.me, not one who works", async () => {
    // Bruno's idle time starts with his sign-in and is measured from when it ends (a slow sign-in
    // cannot make the limit look shorter); Carlos signs in after him and then keeps working.
    await signIn(bruno, stage.server.url, stage.staff[0]);
    const started = Date.now();
    const token = await bruno.evaluate(() => sessionStorage.getItem('cau-desk.session'));
    await signIn(carlos, stage.server.url, stage.staff[1]);
    await bruno.getByTestId('idle-warning').waitFor({ timeout: 10_000 });
    const traffic = setInterval(() => {
      void openTicket(stage.pro).catch(() => undefined);
      void carlos.keyboard.press('j').catch(() => undefined); // Carlos works; Bruno does not
    }, 10_000);
    try {
      await bruno.waitForURL(/#\/entrar/, { timeout: 90_000 });
    } finally {
      clearInterval(traffic);
    }
    expect(Date.now() - started).toBeGreaterThan(50_000);
    await bruno.getByText('Sua sessão foi encerrada por inatividade').waitFor();
    await expectReason(stage.server.client(token!).auth.me.query(), 'unauthenticated');
    expect(carlos.url()).not.toMatch(/#\/entrar/);
  }, 180_000);
});
