// <cau-atendimento> end to end, in Chromium, embedded in a page of ANOTHER origin (127.0.0.1) that
// loads the module and calls the API at http://localhost:<port> through CORS: signup, login,
// a ticket with an attachment, the whole lifecycle against an attendant acting through the API,
// deep links, password reset, an expired session, 320 px screens, "Minha conta" (privacy notice, data
// export, password change, sessions), and an axe scan of every screen.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible as expectPageAccessible, launchBrowser, screenshot, type Browser } from '../support/browser';
import { adminSession, attendant, newPerson, openTicket, outboxOf, signUp } from '../support/fixtures';
import { png, pdf } from '../support/files';
import { expectReason, startTestServer, type TestServer } from '../support/harness';
import {
  assertWidgetBuilt, mailedResetLink, startHostSite, widgetEvents, widgetReady, type HostSite,
} from '../support/widget-host';

let site: HostSite;
let dataDir = '';
let server: TestServer;
let api: string;
let browser: Browser;
let page: Page;
let desk: Awaited<ReturnType<typeof attendant>>;
const person = newPerson();
let protocol = '';

const widget = () => page.locator('cau-atendimento');
const heading = (name: string | RegExp, p: Page = page) => p.locator('cau-atendimento').getByRole('heading', { level: 2, name });

const expectAccessible = (name: string, p: Page = page) => expectPageAccessible(p, name);

async function open(hash = '', p: Page = page) {
  await p.goto(`${site.origin}/${hash}`);
  await widgetReady(p);
}

async function logIn(p: Page, login: string, password: string, remember = false) {
  const w = p.locator('cau-atendimento');
  await w.getByLabel('Identificação (login)').fill(login);
  await w.getByLabel('Senha', { exact: true }).fill(password);
  if (remember) await w.getByLabel('Manter conectado neste computador').check();
  await w.getByRole('button', { name: 'Entrar' }).click();
}

/** The counter button of a status on the tracking screen, e.g. "Aberto 1". */
function counter(label: string): Locator {
  return widget().locator('.counter', { hasText: label });
}

async function counterValue(label: string): Promise<string> {
  return (await counter(label).locator('.count').textContent())!.trim();
}

beforeAll(async () => {
  assertWidgetBuilt();
  site = await startHostSite();
  dataDir = await mkdtemp(path.join(tmpdir(), 'cau-widget-e2e-'));
  server = await startTestServer({ ALLOWED_ORIGINS: site.origin, PORTAL_URL: `${site.origin}/`, DATA_DIR: dataDir });
  api = `http://localhost:${server.port}`;
  site.api = api;
  desk = await attendant(server, 'Bruno Atendente');
  browser = await launchBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('<cau-atendimento> on another site', () => {
  it('loads from the API server on a page of another origin', async () => {
    expect(new URL(site.origin).origin).not.toBe(new URL(api).origin);
    await open();
    await heading('Entrar').waitFor();
    await expectAccessible('login');
    await screenshot(page, 'widget-login');
  });

  it('signs up in two steps, refusing an invalid CPF and a taken e-mail', async () => {
    const taken = await signUp(server);
    await widget().getByRole('link', { name: 'Cadastre-se' }).click();
    await heading(/Cadastro: seus dados/).waitFor();
    expect(page.url()).toContain('#atendimento/cadastro');

    await widget().getByLabel('Nome completo').fill(person.name);
    await widget().getByLabel('CPF').pressSequentially('52998224724');
    await widget().getByText('CPF inválido. Confira os números digitados.').waitFor();
    expect(await widget().getByLabel('CPF').inputValue()).toBe('529.982.247-24');
    await widget().getByLabel('E-mail').fill(taken.email);
    await expectAccessible('signup step 1 with an error');
    await screenshot(page, 'widget-signup-step1-invalid-cpf');

    await widget().getByLabel('CPF').fill(person.cpf);
    await widget().getByText('CPF válido.').waitFor();
    await widget().getByRole('button', { name: 'Continuar' }).click();
    await widget().getByText('Já existe um cadastro com este e-mail.', { exact: true }).waitFor();
    await screenshot(page, 'widget-signup-step1-email-taken');

    await widget().getByLabel('E-mail').fill(person.email);
    await widget().getByRole('button', { name: 'Continuar' }).click();
    await heading(/Cadastro: acesso ao portal/).waitFor();
    expect(page.url()).toContain('#atendimento/cadastro/acesso');
    await widget().getByText('A senha do Portal de Atendimento não é a mesma senha do SICCAU.').waitFor();
    await widget().getByLabel('Identificação (login)').fill(person.login);
    await widget().getByLabel('Senha', { exact: true }).fill('Casa');
    await widget().getByText('Força da senha: Muito fraca').waitFor();
    await widget().getByLabel('Senha', { exact: true }).fill(person.password);
    await widget().getByText(/Força da senha: (Boa|Forte)/).waitFor();
    await expectAccessible('signup step 2');
    await screenshot(page, 'widget-signup-step2');

    await widget().getByRole('button', { name: 'Criar cadastro' }).click();
    await heading('Meus chamados').waitFor();
    await widget().getByText('Cadastro concluído. Boas-vindas, Ana!').waitFor();
    const events = await widgetEvents(page);
    expect(events.filter((e) => e.type === 'cau-login').map((e) => e.detail.user.login)).toEqual([person.login]);
    expect(JSON.stringify(events)).not.toContain('token');
    await expect.poll(() => counterValue('Aberto')).toBe('0');
    await expectAccessible('tracking, empty');
    await screenshot(page, 'widget-tickets-empty');
  });

  it('logs out and back in, "manter conectado" keeping the session for other tabs', async () => {
    await widget().getByRole('button', { name: 'Sair' }).click();
    await heading('Entrar').waitFor();
    await widget().getByText('Você saiu do Portal de Atendimento.').waitFor();
    expect((await widgetEvents(page)).some((e) => e.type === 'cau-logout' && e.detail.reason === 'user')).toBe(true);

    await widget().getByRole('button', { name: 'Entrar' }).click();
    await widget().getByText('Informe a identificação.').waitFor();
    await logIn(page, person.login, 'senha-errada-1');
    await widget().getByRole('alert').filter({ hasText: 'Identificação ou senha incorretas.' }).waitFor();
    await expectAccessible('login with an error');

    await logIn(page, person.login, person.password, true);
    await heading('Meus chamados').waitFor();
    const key = `cau-atendimento:session:${api}`;
    expect(await page.evaluate((k) => localStorage.getItem(k) !== null, key)).toBe(true);

    const other = await browser.context.newPage();
    await open('', other);
    await heading('Meus chamados', other).waitFor();
    await other.close();
  });

  it('opens a ticket with an attachment, shows its protocol and tells the host page', async () => {
    await widget().getByRole('navigation').getByRole('link', { name: 'Novo chamado' }).click();
    await heading('Novo chamado').waitFor();
    await expectAccessible('new ticket, empty');

    await widget().getByRole('button', { name: 'Abrir chamado' }).click();
    await widget().getByText('Escolha o tipo: Dúvida, Erro ou Solicitação.').waitFor();
    await widget().getByLabel('Dúvida').check();
    // "Número do RRT" takes only the council's number, and says its format.
    await widget().getByLabel('Tema').selectOption('rrt');
    await widget().getByLabel('Número do RRT').fill('abc');
    await widget().getByRole('button', { name: 'Abrir chamado' }).click();
    await widget().getByText('Número do RRT inválido: informe o número do SICCAU, com 7 ou 8 algarismos', { exact: false }).waitFor();
    await widget().getByLabel('Tema').selectOption('annuity');
    await widget().getByLabel('Ano da anuidade').fill(String(new Date().getFullYear() + 1));
    await widget().getByLabel('Assunto').fill('Boleto da anuidade em aberto');
    await widget().getByLabel('Descrição').fill('Paguei a anuidade de 2025 pelo banco, mas o boleto continua em aberto no SICCAU.');
    await widget().getByRole('button', { name: 'Abrir chamado' }).click();
    await widget().getByText('O ano da anuidade não pode estar no futuro.').waitFor();
    await widget().getByLabel('Ano da anuidade').fill('2025');

    await widget().locator('input[type=file]').setInputFiles([
      { name: 'programa.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') },
      { name: 'comprovante.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf()) },
    ]);
    await widget().getByText('programa.exe: tipo de arquivo não permitido.', { exact: false }).waitFor();
    await widget().getByText('Enviado').waitFor();
    await expectAccessible('new ticket, filled');
    await screenshot(page, 'widget-new-ticket');

    await widget().getByRole('button', { name: 'Abrir chamado' }).click();
    const flash = widget().getByText(/Chamado aberto com o protocolo \d{4}-\d{6}/);
    await flash.waitFor();
    protocol = /\d{4}-\d{6}/.exec((await flash.textContent())!)![0];
    expect(page.url()).toContain(`#atendimento/chamado/${protocol}`);
    await heading(new RegExp(`Chamado ${protocol}`)).waitFor();
    const created = (await widgetEvents(page)).filter((e) => e.type === 'cau-ticket-created');
    expect(created.map((e) => e.detail.protocol)).toEqual([protocol]);

    const stored = await desk.api.desk.get.query({ protocol });
    expect(stored.attachments.map((a) => a.name)).toEqual(['comprovante.pdf']);
    await widget().getByRole('button', { name: /Baixar comprovante\.pdf/ }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      widget().getByRole('button', { name: /Baixar comprovante\.pdf/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('comprovante.pdf');
    await expectAccessible('ticket, open');
    await screenshot(page, 'widget-ticket-open');

    await widget().getByRole('link', { name: 'Voltar para meus chamados' }).click();
    await heading('Meus chamados').waitFor();
    await expect.poll(() => counterValue('Aberto')).toBe('1');
    await widget().getByRole('link', { name: 'Boleto da anuidade em aberto' }).waitFor();
    await screenshot(page, 'widget-tickets');
  });

  it('answers the attendant’s request for information in the widget', async () => {
    await desk.api.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante de pagamento do banco, por favor.' });
    await page.reload();
    await widgetReady(page);
    await expect.poll(() => counterValue('Pendente Profissional')).toBe('1');
    const item = widget().locator('.item', { hasText: protocol });
    await expect.poll(() => item.getAttribute('class')).toContain('waiting');
    expect(await item.textContent()).toMatch(/responda até \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await counter('Pendente Profissional').click();
    await expect.poll(() => counter('Pendente Profissional').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => widget().locator('.item').count()).toBe(1);
    await expectAccessible('tracking, waiting on the professional');
    await screenshot(page, 'widget-tickets-waiting');
    // The filter and a search by protocolo live in the address: a reload shows the same list.
    expect(page.url()).toContain('#atendimento/chamados?situacao=pendente');
    await widget().getByText('Aguardando você: 1 chamado').waitFor();
    const search = widget().getByLabel('Buscar', { exact: true });
    await search.fill('inexistente');
    await widget().getByText('Nenhum chamado encontrado para “inexistente”.').waitFor();
    await search.fill(protocol);
    await search.press('Enter');
    await expect.poll(() => page.url()).toContain(`busca=${protocol}`);
    await page.reload();
    await widgetReady(page);
    await expect.poll(() => widget().getByLabel('Buscar', { exact: true }).inputValue()).toBe(protocol);
    expect(await widget().getByLabel('Situação', { exact: true }).inputValue()).toBe('pending_professional');
    await expect.poll(() => widget().locator('.item').count()).toBe(1);
    await expectAccessible('tracking, filtered and searched');

    await item.getByRole('link').click();
    await heading(new RegExp(protocol)).waitFor();
    await widget().getByText('Envie o comprovante de pagamento do banco, por favor.').waitFor();
    await widget().getByRole('button', { name: 'Responder agora' }).click();
    await widget().getByLabel('Sua resposta').fill('Segue o comprovante do banco em anexo.');
    await widget().getByRole('region', { name: 'Responder ao atendimento' }).locator('input[type=file]')
      .setInputFiles({ name: 'comprovante-banco.png', mimeType: 'image/png', buffer: Buffer.from(png(4096)) });
    await widget().getByText('Enviado').waitFor();
    await expectAccessible('ticket, answering');
    await screenshot(page, 'widget-ticket-pending');
    await widget().getByRole('button', { name: 'Enviar resposta' }).click();
    await widget().getByText('Resposta enviada. O chamado voltou para o atendimento.').waitFor();
    await widget().locator('.status-row').getByText('Em andamento').waitFor();

    const stored = await desk.api.desk.get.query({ protocol });
    expect(stored.status).toBe('in_progress');
    expect(stored.messages.at(-1)).toMatchObject({ body: 'Segue o comprovante do banco em anexo.', attachments: [{ name: 'comprovante-banco.png' }] });
  });

  it('rejects a solution with a request for more explanation, then approves the next with a rating', async () => {
    await desk.api.desk.resolve.mutate({ protocol, message: 'Baixamos o boleto manualmente; ele some do SICCAU em até 24 horas.' });
    await widget().getByRole('button', { name: 'Atualizar' }).click();
    await widget().locator('.status-row').getByText('Homologando').waitFor();
    await widget().getByRole('heading', { name: 'A solução resolveu?' }).waitFor();
    await expectAccessible('ticket, awaiting approval');
    await screenshot(page, 'widget-ticket-approval');

    await widget().getByRole('button', { name: 'Pedir mais esclarecimentos' }).click();
    await widget().getByText('Escreva o que ainda precisa ser esclarecido.').waitFor();
    await widget().getByLabel('O que ainda precisa ser esclarecido').fill('O boleto continua aparecendo em aberto depois de 48 horas.');
    await widget().getByRole('button', { name: 'Pedir mais esclarecimentos' }).click();
    await widget().getByText('Pedido de esclarecimento enviado.', { exact: false }).waitFor();
    expect((await desk.api.desk.get.query({ protocol })).status).toBe('in_progress');

    await desk.api.desk.resolve.mutate({ protocol, message: 'Corrigimos a baixa no SICCAU. Confira, por favor.' });
    await widget().getByRole('button', { name: 'Atualizar' }).click();
    await widget().getByRole('heading', { name: 'A solução resolveu?' }).waitFor();
    await widget().getByRole('button', { name: 'Aprovar solução' }).click();
    await widget().getByText('Dê uma nota de 1 a 5.').waitFor();
    await widget().getByLabel('5 — Muito satisfeito').check();
    await widget().getByLabel('Comentário').fill('Resolvido, obrigada!');
    await widget().getByRole('button', { name: 'Aprovar solução' }).click();
    await widget().getByText('Solução aprovada. Obrigado pela avaliação!').waitFor();
    await widget().getByText('Sua avaliação: 5 de 5', { exact: false }).waitFor();
    const stored = await desk.api.desk.get.query({ protocol });
    expect(stored).toMatchObject({ status: 'closed', outcome: 'approved', rating: 5, ratingComment: 'Resolvido, obrigada!' });
    await widget().locator('details.history summary').click();
    await widget().locator('details.history').getByText('Solução recusada').waitFor();
    await expectAccessible('ticket, closed');
    await screenshot(page, 'widget-ticket-closed');
  });

  it('opens a new ticket from a closed one, referring to it', async () => {
    await widget().getByRole('link', { name: 'Abrir novo chamado a partir deste' }).click();
    await heading('Novo chamado').waitFor();
    await widget().getByText(`Este chamado dará continuidade ao chamado ${protocol}, que está fechado.`).waitFor();
    // Type, tema (with the year) and subject come from the closed ticket.
    await expect.poll(() => widget().getByLabel('Assunto').inputValue()).toBe('Boleto da anuidade em aberto');
    expect(await widget().getByLabel('Dúvida').isChecked()).toBe(true);
    expect(await widget().getByLabel('Tema').inputValue()).toBe('annuity');
    expect(await widget().getByLabel('Ano da anuidade').inputValue()).toBe('2025');
    expect(await widget().getByLabel('Descrição').inputValue()).toBe('');
    await widget().getByLabel('Solicitação').check();
    await widget().getByLabel('Assunto').fill('Segunda via do comprovante');
    await widget().getByLabel('Descrição').fill('Preciso de uma segunda via do comprovante de quitação da anuidade de 2025.');
    await widget().getByRole('button', { name: 'Abrir chamado' }).click();
    const flash = widget().getByText(/Chamado aberto com o protocolo \d{4}-\d{6}/);
    await flash.waitFor();
    const next = /\d{4}-\d{6}/.exec((await flash.textContent())!)![0];
    expect((await desk.api.desk.get.query({ protocol: next })).relatedProtocol).toBe(protocol);
    await widget().getByRole('link', { name: protocol }).waitFor();
  });

  it('opens a ticket from its e-mail link, after login', async () => {
    const fresh = await launchBrowser();
    try {
      await open(`#atendimento/chamado/${protocol}`, fresh.page);
      await heading('Entrar', fresh.page).waitFor();
      await fresh.page.locator('cau-atendimento').getByText(`Entre para ver o chamado ${protocol}.`).waitFor();
      await logIn(fresh.page, person.login, person.password);
      await heading(new RegExp(`Chamado ${protocol}`), fresh.page).waitFor();
      expect(fresh.page.url()).toBe(`${site.origin}/#atendimento/chamado/${protocol}`);
      const events = await widgetEvents(fresh.page);
      expect(events.map((e) => e.type)).toEqual(['cau-login']);
    } finally {
      await fresh.close();
    }
  });

  it('sends an expired session back to the login with a message, keeping the ticket link', async () => {
    await page.goto(`${site.origin}/#atendimento/chamado/${protocol}`);
    await widgetReady(page);
    await heading(new RegExp(`Chamado ${protocol}`)).waitFor();
    await server.db.collection('sessions').deleteMany({});
    // The next request finds the session gone: this click's, or one the widget sends by itself
    // meanwhile (its refresh poll, the idle ping after the earlier typing), which then takes the
    // button away before the click lands (seen once on FerretDB v2). Either way, the same outcome.
    const reload = widget().getByRole('button', { name: 'Atualizar' });
    await reload.or(heading('Entrar')).first().waitFor();
    if (await reload.isVisible()) await reload.click({ timeout: 2_000 }).catch(() => undefined);
    await heading('Entrar').waitFor();
    await widget().getByText('Sua sessão expirou. Entre novamente para continuar.').waitFor();
    expect(page.url()).toContain(`#atendimento/chamado/${protocol}`);
    expect((await widgetEvents(page)).some((e) => e.type === 'cau-logout' && e.detail.reason === 'expired')).toBe(true);
    await logIn(page, person.login, person.password);
    await heading(new RegExp(`Chamado ${protocol}`)).waitFor();
  });

  it('resets a forgotten password through the e-mailed link', async () => {
    await widget().getByRole('button', { name: 'Sair' }).click();
    await widget().getByRole('link', { name: 'Esqueci minha senha' }).click();
    await heading('Esqueci minha senha').waitFor();
    await expectAccessible('forgot password');
    await widget().getByLabel('Identificação ou e-mail').fill(person.email);
    await widget().getByRole('button', { name: 'Enviar link' }).click();
    await widget().getByText('Se houver um cadastro com esses dados, enviamos um link', { exact: false }).waitFor();
    await screenshot(page, 'widget-forgot-password');

    let link = '';
    await expect.poll(async () => {
      link = await mailedResetLink(() => outboxOf(server, person.login), dataDir, person.email);
      return link;
    }, { timeout: 60_000 }).toContain('#atendimento/redefinir-senha/');
    expect(link.startsWith(`${site.origin}/#atendimento/redefinir-senha/`)).toBe(true);
    await page.goto(link);
    await widgetReady(page);
    await heading('Criar nova senha').waitFor();
    await expectAccessible('reset password');
    await screenshot(page, 'widget-reset-password');
    person.password = 'Nova-Senha-do-Portal-9';
    await widget().getByLabel('Nova senha', { exact: true }).fill(person.password);
    await widget().getByRole('button', { name: 'Salvar nova senha' }).click();
    await heading('Entrar').waitFor();
    await widget().getByText('Senha alterada. Entre com a nova senha.').waitFor();
    expect(page.url()).not.toContain('redefinir-senha');
    // The link is spent: opened again, it says so before any password is typed, with no form.
    await page.goto(link);
    await widgetReady(page);
    await widget().getByText('Este link de redefinição de senha já foi usado ou expirou', { exact: false }).waitFor();
    expect(await widget().getByLabel('Nova senha', { exact: true }).count()).toBe(0);
    await expectAccessible('spent reset link');
    await open('#atendimento/entrar');
    await heading('Entrar').waitFor();
    await logIn(page, person.login, person.password);
    await heading('Meus chamados').waitFor();
  });

  it('is usable on a 320 px wide screen, with "carregar mais" past the first page', async () => {
    const small = await launchBrowser({ viewport: { width: 320, height: 720 } });
    const p = small.page;
    const w = p.locator('cau-atendimento');
    const fitsWidth = () => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    try {
      const pro = await signUp(server);
      for (let i = 1; i <= 26; i++) {
        await pro.api.tickets.create.mutate({ type: 'request', subject: `Pedido número ${i}`, description: 'Um pedido de teste para a lista paginada do profissional.' });
      }
      await open('', p);
      await heading('Entrar', p).waitFor();
      expect(await fitsWidth()).toBe(true);
      await expectAccessible('login at 320 px', p);
      await screenshot(p, 'widget-320-login');
      await logIn(p, pro.login, pro.password);
      await heading('Meus chamados', p).waitFor();
      await expect.poll(() => w.locator('.item').count()).toBe(25);
      expect(await fitsWidth()).toBe(true);
      await screenshot(p, 'widget-320-tickets');
      await w.getByRole('button', { name: 'Carregar mais' }).click();
      await expect.poll(() => w.locator('.item').count()).toBe(26);
      expect(await w.getByRole('button', { name: 'Carregar mais' }).count()).toBe(0);

      await w.getByRole('link', { name: 'Pedido número 1', exact: true }).click();
      await heading(/Pedido número 1$/, p).waitFor();
      expect(await fitsWidth()).toBe(true);
      await w.getByLabel('Mensagem').fill('Uma informação a mais, escrita no celular.');
      await w.getByRole('button', { name: 'Enviar mensagem' }).click();
      await w.getByText('Mensagem enviada.').waitFor();
      await expectAccessible('ticket at 320 px', p);
      await screenshot(p, 'widget-320-ticket');

      await w.getByRole('navigation').getByRole('link', { name: 'Novo chamado' }).click();
      await heading('Novo chamado', p).waitFor();
      expect(await fitsWidth()).toBe(true);
      await expectAccessible('new ticket at 320 px', p);
      await screenshot(p, 'widget-320-new-ticket');
    } finally {
      await small.close();
    }
  });

  it('is embedded in the demo page the server publishes at /', async () => {
    const demo = await launchBrowser();
    try {
      await demo.page.goto(`${server.url}/`);
      await widgetReady(demo.page);
      await demo.page.getByText('CAU/SP — Conselho de Arquitetura e Urbanismo de São Paulo').first().waitFor();
      await heading('Entrar', demo.page).waitFor();
      expect(await demo.page.locator('cau-atendimento').getAttribute('api')).toBe(server.url);
      await logIn(demo.page, person.login, person.password);
      await heading('Meus chamados', demo.page).waitFor();
      await expectPageAccessible(demo.page, 'demo page');
      await screenshot(demo.page, 'widget-demo-page');
    } finally {
      await demo.close();
    }
  });

  it('is used with the keyboard alone', async () => {
    const kb = await launchBrowser();
    const p = kb.page;
    try {
      await open('', p);
      await heading('Entrar', p).waitFor();
      const focused = () => p.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el ? `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}:${(el.textContent ?? '').trim().slice(0, 30)}` : '';
      });
      await p.locator('body').click({ position: { x: 5, y: 5 } });
      const seen: string[] = [];
      for (let i = 0; i < 8 && !seen.some((s) => s.startsWith('input[name=login]')); i++) {
        await p.keyboard.press('Tab');
        seen.push(await focused());
      }
      expect(seen.at(-1)).toMatch(/^input\[name=login\]/);
      await p.keyboard.type(person.login);
      await p.keyboard.press('Tab');
      expect(await focused()).toMatch(/^input\[name=password\]/);
      await p.keyboard.type(person.password);
      await p.keyboard.press('Enter');
      await heading('Meus chamados', p).waitFor();
      // The new screen's heading takes focus, so a screen reader starts there.
      expect(await focused()).toBe('h2:Meus chamados');
      const outline = await p.evaluate(() => {
        const root = document.querySelector('cau-atendimento')!.shadowRoot!.querySelector('cau-tickets-screen')!.shadowRoot!;
        const link = root.querySelector('.button.primary') as HTMLElement;
        link.focus({ focusVisible: true } as FocusOptions);
        return getComputedStyle(link).outlineStyle;
      });
      expect(outline).not.toBe('none');
    } finally {
      await kb.close();
    }
  });

  it('shows the privacy notice from the server, and in "Minha conta" exports the data, changes the password and signs out everywhere', async () => {
    const admin = await adminSession(server);
    const privacy = { controller: 'CAU/SP — controlador de teste', dpoName: 'Marina Encarregada de Dados', dpoEmail: 'encarregada.e2e@causp.test' };
    await admin.api.admin.security.update.mutate({ ...(await admin.api.admin.security.get.query()), privacy });
    const pro = await signUp(server);
    const ticketProtocol = await openTicket(pro, {
      type: 'question', subject: 'Dúvida sobre o RRT', description: 'Preciso saber se o RRT mínimo vale para reformas pequenas.',
    });

    const own = await launchBrowser();
    const p = own.page;
    const w = p.locator('cau-atendimento');
    const storedToken = () => p.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? 'null')?.token as string | undefined, `cau-atendimento:session:${api}`);
    try {
      await open('#atendimento/cadastro', p);
      await heading(/Cadastro: seus dados/, p).waitFor();
      const notice = w.getByRole('region', { name: 'Aviso de privacidade' });
      await notice.getByText(privacy.controller).waitFor();
      expect(await notice.textContent()).toMatch(/nome, CPF e e-mail para identificar você e atender seus chamados/);
      expect(await notice.textContent()).toMatch(/acesso, correção, eliminação ou anonimização e portabilidade/);
      await notice.getByText(privacy.dpoName, { exact: false }).waitFor();
      expect(await notice.getByRole('link', { name: privacy.dpoEmail }).getAttribute('href')).toBe(`mailto:${privacy.dpoEmail}`);
      await screenshot(p, 'widget-signup-privacy');

      await w.getByRole('link', { name: 'Entrar' }).click();
      await heading('Entrar', p).waitFor();
      await logIn(p, pro.login, pro.password);
      await heading('Meus chamados', p).waitFor();
      await w.getByRole('navigation').getByRole('link', { name: 'Minha conta' }).click();
      await heading('Minha conta', p).waitFor();
      expect(p.url()).toContain('#atendimento/conta');
      const data = w.getByRole('region', { name: 'Seus dados' });
      await data.getByText(pro.cpf, { exact: true }).waitFor();
      await data.getByText(pro.login, { exact: true }).waitFor();
      const devices = w.getByRole('list', { name: 'Dispositivos conectados' }).getByRole('listitem');
      await expect.poll(() => devices.count()).toBe(2);
      expect(await devices.filter({ hasText: 'Este dispositivo' }).textContent()).toMatch(/Chrome no Linux[\s\S]*Último uso\s*\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      await expectAccessible('my account', p);
      await screenshot(p, 'widget-account');
      await p.setViewportSize({ width: 320, height: 720 });
      expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(p, 'widget-320-account');
      await p.setViewportSize({ width: 1280, height: 900 });

      const [download] = await Promise.all([p.waitForEvent('download'), w.getByRole('button', { name: 'Baixar meus dados' }).click()]);
      expect(download.suggestedFilename()).toBe(`meus-dados-cau-sp-${pro.login}.json`);
      const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
      expect(exported.account).toMatchObject({ login: pro.login, email: pro.email, cpf: pro.cpf });
      expect(exported.tickets.map((t: { protocol: string }) => t.protocol)).toContain(ticketProtocol);
      await w.getByText(`Arquivo meus-dados-cau-sp-${pro.login}.json baixado.`).waitFor();

      // The session the API fixture opened at signup is another device: end it from here.
      await w.getByRole('button', { name: /^Encerrar a sessão de / }).click();
      await expect.poll(() => devices.count()).toBe(1);
      await expectReason(pro.api.auth.me.query(), 'unauthenticated');

      const oldToken = await storedToken();
      expect(oldToken).toBeTruthy();
      const elsewhere = await server.client().auth.login.mutate({ login: pro.login, password: pro.password });
      await w.getByLabel('Senha atual').fill(pro.password);
      await w.getByLabel('Nova senha', { exact: true }).fill('Casa');
      await w.getByText('Força da senha: Muito fraca').waitFor();
      const newPassword = 'Outra-Senha-do-Portal-7';
      await w.getByLabel('Nova senha', { exact: true }).fill(newPassword);
      await w.getByText(/Força da senha: (Boa|Forte)/).waitFor();
      await w.getByRole('button', { name: 'Alterar senha' }).click();
      await w.getByText('Senha alterada. Os outros dispositivos foram desconectados; este continua conectado.').waitFor();
      const newToken = await storedToken();
      expect(newToken).toBeTruthy();
      expect(newToken).not.toBe(oldToken);
      await expectReason(server.client(oldToken).auth.me.query(), 'unauthenticated');
      await expectReason(server.client(elsewhere.token).auth.me.query(), 'unauthenticated');
      expect((await server.client(newToken).auth.me.query()).login).toBe(pro.login);
      await w.getByText('Nenhum outro dispositivo está conectado.').waitFor();
      // The widget goes on working with the new token.
      await w.getByRole('navigation').getByRole('link', { name: 'Meus chamados' }).click();
      await w.getByRole('link', { name: 'Dúvida sobre o RRT' }).waitFor();
      await w.getByRole('navigation').getByRole('link', { name: 'Minha conta' }).click();
      await heading('Minha conta', p).waitFor();
      await expect.poll(() => devices.count()).toBe(1);
      expect((await widgetEvents(p)).map((e) => e.type)).toEqual(['cau-login']);

      const another = await server.client().auth.login.mutate({ login: pro.login, password: newPassword });
      await w.getByRole('button', { name: 'Sair de todos os dispositivos' }).click();
      await heading('Entrar', p).waitFor();
      await w.getByText('Você saiu de todos os dispositivos. Entre novamente para continuar.').waitFor();
      expect(await storedToken()).toBeUndefined();
      expect((await widgetEvents(p)).filter((e) => e.type === 'cau-logout').map((e) => e.detail)).toEqual([{ reason: 'user' }]);
      await expectReason(server.client(newToken).auth.me.query(), 'unauthenticated');
      await expectReason(server.client(another.token).auth.me.query(), 'unauthenticated');
      await logIn(p, pro.login, newPassword);
      await heading('Meus chamados', p).waitFor();
    } finally {
      await own.close();
    }
  });
});
