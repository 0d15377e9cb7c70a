// The attendant's workspace end to end in Chromium (issue 12), at 1920×1080 and 1366×768: the queue
// as a table with an overdue ticket, a saved view, a bulk take, the related panel, a template with
// placeholders inserted with `::` and sent, the CSV of the queue and of the report downloaded and
// parsed, and an axe scan of each new screen.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, screenshot, type Browser } from '../support/browser';
import { assertDeskBuilt, signIn, signOut } from '../support/desk-page';
import { ADMIN, startTestServer, type TestServer } from '../support/harness';
import { TICKET, adminSession, attendant, newPerson, signUp } from '../support/fixtures';
import { parseCsv } from '../support/csv';

let server: TestServer;
let desk: Awaited<ReturnType<typeof attendant>>;
let pro: Awaited<ReturnType<typeof signUp>>;
const T: Record<string, string> = {};



async function downloaded(page: Page, click: () => Promise<void>): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), click()]);
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(bytes.toString('utf8').slice(1));
}

beforeAll(async () => {
  assertDeskBuilt();
  server = await startTestServer();
  const admin = await adminSession(server);
  desk = await attendant(server, 'Bruno Atendente');
  pro = await signUp(server, { ...newPerson(), name: 'Maria Conceição Souza' });
  await admin.api.desk.templates.save.mutate({
    title: 'Segunda via do boleto',
    body: 'Olá, {{nome}}. Emitimos a segunda via do boleto do chamado {{protocolo}}. Atenciosamente, {{atendente}}.',
    topic: 'rrt',
    shared: true,
  });
  // Questions must be answered within a second: the first ones are overdue by the time the desk opens.
  await admin.api.admin.serviceLevels.update.mutate({
    mode: 'calendar',
    targets: { question: { firstAnswer: 'PT1S', resolution: 'PT2S' }, error: { firstAnswer: 'PT8H', resolution: 'P3D' }, request: { firstAnswer: 'P1D', resolution: 'P10D' } },
  });
  const rrt = { type: 'error' as const, topic: 'rrt' as const, rrtNumber: 'SI4242424', description: TICKET.description };
  T.rrt1 = (await pro.api.tickets.create.mutate({ ...rrt, subject: 'Erro ao emitir o RRT' })).protocol;
  T.rrt2 = (await pro.api.tickets.create.mutate({ ...rrt, subject: 'RRT ainda com erro' })).protocol;
  T.late = (await pro.api.tickets.create.mutate({ ...TICKET, subject: 'Dúvida sem resposta' })).protocol;
  T.other = (await pro.api.tickets.create.mutate({ ...TICKET, type: 'request', subject: 'Pedido de certidão' })).protocol;
});

afterAll(async () => {
  await server?.close();
});

describe('the workspace at 1920×1080', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
    page = browser.page;
  });
  afterAll(() => browser?.close());

  it('shows the queue as a full-width table with the overdue ticket', async () => {
    await signIn(page, server.url, desk);
    await page.getByRole('button', { name: 'Ver como tabela' }).click();
    const table = page.getByRole('table');
    await table.getByRole('link', { name: T.late! }).waitFor();
    const lateRow = table.locator('tr', { hasText: T.late! });
    await expect.poll(() => lateRow.locator('.sla').textContent()).toBe('Atrasado');
    // The table uses the width the list left empty.
    expect((await table.boundingBox())!.width).toBeGreaterThan(1500);
    await expectAccessible(page, 'queue table');
    await screenshot(page, 'desk-queue-table-1920');
  });

  it('saves a personal view and brings it back after a reload', async () => {
    await page.getByRole('button', { name: 'Assunto' }).click();
    await page.getByLabel('Nome da nova visão').fill('Por assunto');
    await page.getByRole('button', { name: 'Salvar visão' }).click();
    await page.getByText('Visão “Por assunto” salva.').waitFor();
    await page.reload();
    await page.getByLabel('Visões salvas').selectOption('Por assunto');
    await expect.poll(() => page.getByRole('columnheader', { name: 'Assunto' }).getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => page.locator('tbody tr:not(.spacer) td.subject').count()).toBe(4);
    const subjects = await page.locator('tbody tr:not(.spacer) td.subject').allTextContents();
    expect(subjects.map((s) => s.trim())).toEqual([...subjects.map((s) => s.trim())].sort((a, b) => a.localeCompare(b, 'pt-BR')));
  });

  it('takes two tickets in bulk after confirming', async () => {
    await page.getByLabel(`Selecionar ${T.rrt1}`).check();
    await page.getByLabel(`Selecionar ${T.other}`).check();
    await page.getByRole('button', { name: 'Assumir', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Assumir os chamados selecionados?').waitFor();
    await expectAccessible(page, 'bulk confirmation');
    await dialog.getByRole('button', { name: 'Confirmar' }).click();
    await page.getByText('2 chamados assumidos.').waitFor();
    for (const p of [T.rrt1!, T.other!]) expect((await desk.api.desk.get.query({ protocol: p })).assignee?.name).toBe('Bruno Atendente');
  });

  it('shows the related tickets beside the ticket and sends a template with its placeholders filled', async () => {
    await page.getByRole('link', { name: T.rrt2!, exact: true }).click();
    const related = page.getByTestId('related');
    await related.getByText('Mesmo RRT (SI4242424)').waitFor();
    await related.getByTestId('same-reference').getByRole('link', { name: new RegExp(T.rrt1!) }).waitFor();
    // Beside the open ticket the table keeps its subject column readable.
    expect((await page.getByRole('columnheader', { name: 'Assunto' }).boundingBox())!.width).toBeGreaterThan(200);
    await expectAccessible(page, 'ticket with related panel');

    const text = page.locator('#composer-text');
    await text.click();
    await text.pressSequentially('::segunda');
    await page.getByRole('listbox', { name: 'Respostas prontas encontradas' }).getByText('Segunda via do boleto', { exact: true }).waitFor();
    await text.press('Enter');
    const expected = `Olá, ${pro.name}. Emitimos a segunda via do boleto do chamado ${T.rrt2}. Atenciosamente, Bruno Atendente.`;
    await expect.poll(() => text.inputValue()).toBe(expected);
    await screenshot(page, 'desk-template-inserted');
    await page.getByRole('button', { name: /Enviar resposta/ }).click();
    await expect.poll(async () => (await desk.api.desk.get.query({ protocol: T.rrt2! })).messages.map((m) => m.body)).toContain(expected);
    await expect.poll(async () => (await desk.api.desk.templates.list.query({}))[0]!.uses).toBe(1);
  });

  it('downloads the filtered queue as CSV', async () => {
    await page.keyboard.press('Escape');
    const rows = await downloaded(page, () => page.getByRole('button', { name: 'Exportar CSV' }).click());
    expect(rows[0]!.slice(0, 3)).toEqual(['Protocolo', 'Assunto', 'Profissional']);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([T.late, T.other, T.rrt1, T.rrt2].sort());
    expect(rows.find((r) => r[0] === T.late)![11]).toBe('Atrasado');
  });

  it('closes a ticket as a duplicate of another, after confirming, and both show the link', async () => {
    await page.getByRole('link', { name: T.rrt2!, exact: true }).click();
    await page.locator('label.mode', { hasText: 'Encerrar chamado' }).click();
    await page.getByRole('radio', { name: 'Duplicado' }).check();
    await page.getByLabel('Chamado original').fill(T.rrt1!);
    const text = page.locator('#composer-text');
    await text.fill('Este pedido é o mesmo do chamado anterior; seguimos por lá.');
    await text.press('Control+Enter');
    const dialog = page.getByRole('dialog', { name: `Encerrar o chamado ${T.rrt2}?` });
    await dialog.getByText(`duplicado de ${T.rrt1}`).waitFor();
    await expectAccessible(page, 'closing confirmation');
    await screenshot(page, 'desk-close-duplicate-1920');
    expect((await desk.api.desk.get.query({ protocol: T.rrt2! })).status).not.toBe('closed');
    await dialog.getByRole('button', { name: 'Encerrar chamado' }).click();
    await page.getByTestId('duplicate-of').getByRole('link', { name: T.rrt1! }).waitFor();
    await expect.poll(() => page.getByTestId('ticket-status').textContent()).toBe('Fechado');
    await page.getByRole('link', { name: new RegExp(T.rrt1!) }).first().click();
    await page.getByTestId('duplicates').getByRole('link', { name: T.rrt2! }).waitFor();
    expect((await desk.api.desk.get.query({ protocol: T.rrt1! })).duplicates).toEqual([T.rrt2]);
    await signOut(page);
  });
});

describe('the workspace at 1366×768', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
    page = browser.page;
  });
  afterAll(() => browser?.close());

  it('shows whole status chips in the list at 1366 px (no "Em andame")', async () => {
    await signIn(page, server.url, ADMIN);
    await page.locator('[data-view="all"]').click();
    await page.locator('[role="option"] .chip').first().waitFor();
    const cut = await page.locator('[role="option"] .chip').evaluateAll((chips) =>
      chips.filter((c) => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > c.closest('[role="option"]')!.getBoundingClientRect().right).map((c) => c.textContent));
    expect(cut).toEqual([]);
    expect(await page.locator('[role="option"] .chip', { hasText: 'Em andamento' }).count()).toBeGreaterThan(0);
  });

  it('keeps the staff table\'s buttons inside the page at 1366 px', async () => {
    await page.getByRole('link', { name: 'Atendentes' }).click();
    await page.locator('tr', { hasText: 'Bruno Atendente' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    const outside = await page.locator('td.actions-cell button').evaluateAll((buttons, w) =>
      buttons.filter((b) => b.getBoundingClientRect().right > (w as number) || b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent), width);
    expect(outside).toEqual([]);
    // Disabling asks first.
    await page.locator('tr', { hasText: 'Bruno Atendente' }).getByRole('button', { name: /^Desativar/ }).click();
    await page.getByRole('dialog', { name: 'Desativar esta conta?' }).getByRole('button', { name: 'Cancelar' }).click();
    expect(await page.locator('tr', { hasText: 'Bruno Atendente' }).getByText('Ativa', { exact: true }).count()).toBe(1);
  });

  it('keeps "Sair" and the connection status in view at 768 px, unread alerts and all', async () => {
    for (let i = 0; i < 6; i++) await pro.api.tickets.create.mutate({ ...TICKET, subject: `Alerta ${i}` });
    await page.getByTestId('unread').waitFor({ timeout: 10_000 });
    for (const target of [page.getByRole('button', { name: 'Sair', exact: true }), page.getByText('Ao vivo')]) {
      const box = (await target.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(768);
      expect(box.y).toBeGreaterThanOrEqual(0);
    }
  });

  it('an admin manages shared templates and service levels', async () => {
    await page.getByRole('link', { name: 'Respostas prontas' }).click();
    await page.getByRole('heading', { name: 'Respostas prontas', level: 1 }).waitFor();
    await page.getByText('Segunda via do boleto').first().waitFor();
    await expectAccessible(page, 'templates page');
    await screenshot(page, 'desk-templates-1366');

    await page.getByRole('link', { name: 'Níveis de serviço' }).click();
    await page.getByLabel('Dúvida: primeira resposta').waitFor();
    expect(await page.getByLabel('Dúvida: primeira resposta').inputValue()).toBe('1');
    await expectAccessible(page, 'service levels page');
  });

  it('sets the deadlines as a number and a unit with one Save, and the audit trail says what changed', async () => {
    await page.getByRole('link', { name: 'Configurações' }).click();
    const pending = page.getByLabel('Resposta do profissional (Pendente Profissional)');
    await pending.waitFor();
    expect(await pending.inputValue()).toBe('5');
    await pending.fill('3');
    await page.locator('#sec-staff-idle').fill('40');
    expect(await page.getByRole('button', { name: /^Salvar/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Salvar configurações' }).click();
    await page.getByText('Prazos salvos.').waitFor();
    await page.getByText('Configurações de segurança salvas.').waitFor();
    await expectAccessible(page, 'settings page');
    await page.getByRole('link', { name: 'Auditoria' }).click();
    await page.getByText('deadlines.pending').waitFor();
    expect(await page.locator('tr', { hasText: 'deadlines.pending' }).textContent()).toMatch(/P5D\s*→\s*P3D/);
    await page.getByText('security.staffIdleMinutes').waitFor();
    await expectAccessible(page, 'audit trail with changes');
    await screenshot(page, 'desk-audit-changes-1366');
  });

  it('reads the report at a glance and downloads it as CSV', async () => {
    await page.getByRole('link', { name: 'Relatórios' }).click();
    await expect.poll(() => page.getByTestId('report-total').textContent(), { timeout: 5_000 }).toBe('10');
    await page.getByRole('img', { name: /Volume e chamados em aberto por dia/ }).waitFor();
    await expectAccessible(page, 'reports page');
    await screenshot(page, 'desk-reports-1366');
    const rows = await downloaded(page, () => page.getByRole('button', { name: 'Baixar CSV' }).click());
    expect(rows[0]).toEqual(['Seção', 'Item', 'Indicador', 'Valor']);
    expect(rows).toContainEqual(['Respostas prontas', 'Segunda via do boleto', 'Usos (compartilhada)', '1']);
    expect(rows.find((r) => r[0] === 'Resumo' && r[2] === 'Chamados abertos')![3]).toBe('10');
  });
});
