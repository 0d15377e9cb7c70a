// <cau-atendimento> stays current (issue 11, item 8), in Chromium, embedded in a page of another
// origin: a deadline passes while the professional looks at the list, or at the ticket, and the
// server's job closes the ticket; the widget shows it without a reload (its refresh at the
// deadline, on the poll, on focus). Short deadlines: DEADLINE_PENDING=PT15S, jobs every second.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { startWidgetStage, type WidgetStage } from '../support/e2e-stage';
import { TICKET, openTicket } from '../support/fixtures';
import { widgetReady } from '../support/widget-host';

const DEADLINE_MS = 15_000;

let stage: WidgetStage;
let page: Page;

const widget = () => page.locator('cau-atendimento');

/** A ticket waiting on the professional, its deadline DEADLINE_MS from now. */
async function pendingTicket(subject: string) {
  const protocol = await openTicket(stage.pro, { ...TICKET, subject });
  await stage.desk.api.desk.take.mutate({ protocol });
  await stage.desk.api.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante, por favor.' });
  return { protocol, deadline: Date.now() + DEADLINE_MS };
}

/** Marks the page, so a test can tell that it was never reloaded. */
const markPage = () => page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
const samePage = () => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

beforeAll(async () => {
  stage = await startWidgetStage('widget-live', { DEADLINE_PENDING: `PT${DEADLINE_MS / 1000}S`, JOBS_EVERY: '1 second' });
  page = stage.page;
});

afterAll(() => stage?.close());

describe('<cau-atendimento> stays current', () => {
  it('updates the list when a deadline passes, without a reload', async () => {
    const { protocol, deadline } = await pendingTicket('Prazo na lista');
    await page.reload();
    await widgetReady(page);
    const item = widget().locator('.item', { hasText: protocol });
    await item.getByText(/responda até/).waitFor();
    await markPage();

    await item.locator('.badge.closed').waitFor({ timeout: DEADLINE_MS + 20_000 });
    console.info(`widget list showed the expiry ${Date.now() - deadline} ms after the deadline`);
    expect(await item.getByText(/responda até/).count()).toBe(0);
    expect(await samePage()).toBe(true);
    await screenshot(page, 'widget-live-list-expired');
  }, 60_000);

  it('updates the open ticket when its deadline passes, without a reload', async () => {
    const { protocol, deadline } = await pendingTicket('Prazo no chamado');
    await page.goto(`${stage.site.origin}/#atendimento/chamado/${protocol}`);
    await widgetReady(page);
    await widget().getByText(/responda até/).first().waitFor();
    expect(await widget().locator('cau-reply-form').count()).toBe(1);
    await markPage();

    await widget().getByText('Encerrado por falta de resposta').first().waitFor({ timeout: DEADLINE_MS + 20_000 });
    console.info(`widget ticket showed the expiry ${Date.now() - deadline} ms after the deadline`);
    expect(await widget().locator('cau-reply-form').count()).toBe(0);
    expect(await samePage()).toBe(true);
  }, 60_000);
});
