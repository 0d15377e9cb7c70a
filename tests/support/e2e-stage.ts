// The set-ups the browser files share: the widget on a page of another site, signed in as a
// professional, and the desk with two attendants' tabs (Bruno and Carlos) and a professional whose
// tickets make the traffic. A file starts one in beforeAll and closes it in afterAll.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, type Browser } from './browser';
import { assertDeskBuilt } from './desk-page';
import { attendant, signUp } from './fixtures';
import { startTestServer, type TestServer } from './harness';
import { assertWidgetBuilt, startHostSite, widgetReady, type HostSite } from './widget-host';

type Staff = Awaited<ReturnType<typeof attendant>>;
type Professional = Awaited<ReturnType<typeof signUp>>;

/** Fills the widget's login form and submits it. */
export async function logInWidget(page: Page, login: string, password: string): Promise<void> {
  const widget = page.locator('cau-atendimento');
  await widget.getByLabel('Identificação (login)').fill(login);
  await widget.getByLabel('Senha', { exact: true }).fill(password);
  await widget.getByRole('button', { name: 'Entrar' }).click();
}

export interface WidgetStage {
  site: HostSite;
  server: TestServer;
  /** The server's DATA_DIR (mail written as .eml files, attachments). */
  dataDir: string;
  browser: Browser;
  page: Page;
  /** The attendant "Bruno Atendente", acting through the API. */
  desk: Staff;
  /** The professional signed in to the widget. */
  pro: Professional;
  widget(): Locator;
  close(): Promise<void>;
}

/**
 * The widget embedded in a page of another origin, its API server allowing that origin (plus
 * `env`), an attendant, and a professional signed in on the page, at "Meus chamados".
 */
export async function startWidgetStage(name: string, env: Record<string, string> = {}): Promise<WidgetStage> {
  assertWidgetBuilt();
  const site = await startHostSite();
  const dataDir = await mkdtemp(path.join(tmpdir(), `cau-${name}-`));
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    await site.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    server = await startTestServer({ ALLOWED_ORIGINS: site.origin, PORTAL_URL: `${site.origin}/`, DATA_DIR: dataDir, ...env });
    site.api = `http://localhost:${server.port}`;
    const desk = await attendant(server, 'Bruno Atendente');
    const pro = await signUp(server);
    browser = await launchBrowser();
    const page = browser.page;
    const widget = () => page.locator('cau-atendimento');
    await page.goto(`${site.origin}/`);
    await widgetReady(page);
    await logInWidget(page, pro.login, pro.password);
    await widget().getByRole('heading', { level: 2, name: 'Meus chamados' }).waitFor();
    return { site, server, dataDir, browser, page, desk, pro, widget, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

export interface DeskStage {
  server: TestServer;
  browser: Browser;
  /** A professional whose tickets make the desks' traffic. */
  pro: Professional;
  /** Bruno's and Carlos's accounts. */
  staff: [Staff, Staff];
  /** A tab for each (the browser's first tab is Bruno's), neither signed in yet. */
  tabs: [Page, Page];
  close(): Promise<void>;
}

/**
 * The desk's server, a professional, the attendants "Bruno Atendente" and "Carlos Mendes", and a
 * Chromium allowed to show notifications with a tab for each (two sessions: the desk keeps its
 * token in the tab's sessionStorage). `staffIdleMinutes` is stored directly: the admin screen
 * accepts 5 minutes at least.
 */
export async function startDeskStage(options: { staffIdleMinutes?: number } = {}): Promise<DeskStage> {
  assertDeskBuilt();
  const server = await startTestServer();
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server.close();
  };
  try {
    if (options.staffIdleMinutes !== undefined) {
      await server.deps.settings.saveSecurity({ ...(await server.deps.settings.security()), staffIdleMinutes: options.staffIdleMinutes });
    }
    const staff: [Staff, Staff] = [await attendant(server, 'Bruno Atendente'), await attendant(server, 'Carlos Mendes')];
    const pro = await signUp(server);
    browser = await launchBrowser({ permissions: ['notifications'] });
    const tabs: [Page, Page] = [browser.page, await browser.context.newPage()];
    return { server, browser, pro, staff, tabs, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
