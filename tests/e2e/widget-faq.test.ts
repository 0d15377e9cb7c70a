// The knowledge base in <cau-atendimento>, end to end in Chromium on a page of another origin: the
// "Perguntas frequentes" screen without signing in (its module loaded on first use through CORS),
// search that forgives plurals and accents, an article rendered from Markdown, drafts never shown,
// then suggestions while a professional writes a ticket and a deflection that reaches the report.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible as expectPageAccessible, launchBrowser, type Browser } from '../support/browser';
import { adminSession, attendant, signUp } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/harness';
import { assertWidgetBuilt, startHostSite, widgetReady, type HostSite } from '../support/widget-host';

let site: HostSite;
let server: TestServer;
let browser: Browser;
let page: Page;
let boletoSlug = '';

const widget = () => page.locator('cau-atendimento');

const expectAccessible = (name: string) => expectPageAccessible(page, name);

beforeAll(async () => {
  assertWidgetBuilt();
  site = await startHostSite();
  server = await startTestServer({ ALLOWED_ORIGINS: site.origin, PORTAL_URL: `${site.origin}/` });
  site.api = `http://localhost:${server.port}`;
  const staff = await attendant(server, 'Carla Redatora');
  const boleto = await staff.api.kb.save.mutate({
    title: 'Segunda via do boleto da anuidade', topic: 'annuity', keywords: ['boleto', 'guia'], status: 'published',
    body: 'Entre no **SICCAU** com seu CPF e senha.\n\n- Abra *Financeiro > Anuidades*\n- Clique em "Emitir boleto"\n\n<img src=x onerror="window.pwned=1">',
  });
  boletoSlug = boleto.slug;
  await staff.api.kb.save.mutate({ title: 'Como emitir um RRT', topic: 'rrt', status: 'published', body: 'No SICCAU, escolha RRT > Novo RRT e descreva a atividade.' });
  await staff.api.kb.save.mutate({ title: 'Boletos atrasados: rascunho interno', topic: 'annuity', status: 'draft', body: 'Rascunho que nunca deve aparecer ao público.' });
  browser = await launchBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
});

describe('"Perguntas frequentes" in the widget', () => {
  it('opens without signing in, finds "boletos anuidades", hides drafts and shows the article safely', async () => {
    await page.goto(`${site.origin}/`);
    await widgetReady(page);
    await widget().getByRole('link', { name: 'Perguntas frequentes' }).click();
    const title = widget().getByRole('heading', { level: 2, name: 'Perguntas frequentes' });
    await title.waitFor();
    await expect.poll(() => title.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await widget().locator('.result').first().waitFor();
    expect(await widget().locator('.result a').allTextContents()).toEqual(['Como emitir um RRT', 'Segunda via do boleto da anuidade']);
    await expectAccessible('FAQ list');

    await widget().getByLabel('Buscar nas perguntas frequentes').fill('boletos anuidades');
    await widget().getByRole('button', { name: 'Buscar' }).click();
    await expect.poll(() => widget().locator('cau-faq-screen p[role="status"]').textContent()).toContain('encontrado');
    expect(await widget().locator('.result a').allTextContents()).toEqual(['Segunda via do boleto da anuidade']);

    await widget().getByRole('link', { name: 'Segunda via do boleto da anuidade' }).click();
    expect(new URL(page.url()).hash).toBe(`#atendimento/perguntas-frequentes/${boletoSlug}`);
    const article = widget().getByRole('heading', { level: 2, name: 'Segunda via do boleto da anuidade' });
    await article.waitFor();
    await expect.poll(() => article.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    expect(await widget().locator('cau-kb-article .body strong').textContent()).toBe('SICCAU');
    expect(await widget().locator('cau-kb-article .body li').count()).toBe(2);
    expect(await widget().locator('cau-kb-article .body img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    await expectAccessible('FAQ article');
    await widget().getByRole('button', { name: 'Isso resolveu minha dúvida' }).click();
    await widget().getByText('Obrigado pela resposta!').waitFor();
    await expect.poll(async () => (await (await adminSession(server)).api.kb.report.query({})).totals.viewed).toBe(1);
  });

  it('suggests articles while a professional writes a ticket; "Isso resolveu minha dúvida" is a deflection and keeps the draft', async () => {
    const pro = await signUp(server);
    await page.goto(`${site.origin}/#atendimento/entrar`);
    await widgetReady(page);
    await widget().getByLabel('Identificação (login)').fill(pro.login);
    await widget().getByLabel('Senha', { exact: true }).fill(pro.password);
    await widget().getByRole('button', { name: 'Entrar' }).click();
    await widget().getByRole('navigation').getByRole('link', { name: 'Novo chamado' }).click();
    await widget().getByRole('heading', { level: 2, name: 'Novo chamado' }).waitFor();
    await widget().getByLabel('Assunto').fill('Boleto da anuidade');
    await widget().getByLabel('Descrição').pressSequentially('Preciso da segunda via do boleto', { delay: 20 });

    const suggestions = widget().locator('cau-kb-suggestions');
    await suggestions.getByRole('heading', { name: 'Estes artigos podem responder sua dúvida' }).waitFor({ timeout: 5_000 });
    const first = suggestions.getByRole('button', { name: /Segunda via do boleto da anuidade/ });
    await first.click();
    expect(await first.getAttribute('aria-expanded')).toBe('true');
    await suggestions.locator('cau-kb-article .body strong').waitFor();
    await expectAccessible('new ticket with suggestions');
    await suggestions.getByRole('button', { name: 'Isso resolveu minha dúvida' }).click();
    await suggestions.getByText(/Que bom que resolveu!/).waitFor();
    expect(await widget().getByLabel('Assunto').inputValue()).toBe('Boleto da anuidade');
    expect(await widget().getByLabel('Descrição').inputValue()).toBe('Preciso da segunda via do boleto');

    const admin = await adminSession(server);
    await expect.poll(async () => (await admin.api.kb.report.query({})).totals.deflections).toBe(1);
    const report = await admin.api.kb.report.query({});
    expect(report.totals.suggested).toBeGreaterThanOrEqual(1);
    expect(report.articles.find((a) => a.slug === boletoSlug)).toMatchObject({ deflections: 1, helped: 2 });
    expect(await server.db.collection('tickets').countDocuments()).toBe(0);
  });
});
