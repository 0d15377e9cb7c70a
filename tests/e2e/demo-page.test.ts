// The demo page the server publishes at /: its side box tells the deadlines the server applies now
// (portal.deadlines), not a fixed "5 dias corridos", and points to the FAQ before a ticket.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from '../support/browser';
import { adminSession } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/harness';
import { assertWidgetBuilt, widgetReady } from '../support/widget-host';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  assertWidgetBuilt();
  server = await startTestServer();
  browser = await launchBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('demo page', () => {
  it('says the configured deadlines in words, and links to the FAQ', async () => {
    const admin = await adminSession(server);
    const settings = await admin.api.admin.settings.get.query();
    await admin.api.admin.settings.update.mutate({ ...settings, pending: 'P3D', approval: 'P10D', mode: 'business' });
    expect(await server.client().portal.deadlines.query()).toEqual({ pending: '3 dias úteis', approval: '10 dias úteis' });

    await page.goto(`${server.url}/`);
    await widgetReady(page);
    await expect.poll(() => page.locator('[data-deadline="pending"]').textContent()).toBe('3 dias úteis');
    expect(await page.locator('[data-deadline="approval"]').textContent()).toBe('10 dias úteis');

    await admin.api.admin.settings.update.mutate({ ...settings, pending: 'P1D', approval: 'PT12H', mode: 'calendar' });
    expect(await server.client().portal.deadlines.query()).toEqual({ pending: '1 dia corrido', approval: '12 horas' });

    await page.locator('aside').getByRole('link', { name: 'perguntas frequentes' }).click();
    await page.locator('cau-atendimento').getByRole('heading', { level: 2, name: 'Perguntas frequentes' }).waitFor();
  });
});
