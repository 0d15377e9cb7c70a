import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ME, OTHER_ID, api, event, platform, presence, resetApiMock, ticket } from '../test/api-mock';
import { ApiError, type Ticket } from '../api';
import { usePresenceStore } from '../stores/presence.store';
import { useSessionStore } from '../stores/session.store';
import { useTicketStore } from '../stores/ticket.store';
import TicketPane from './TicketPane.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));
const workspace = vi.hoisted(() => ({ closeAsDuplicate: vi.fn() }));
vi.mock('../api/workspace', () => ({ workspaceApi: workspace }));

beforeEach(() => {
  resetApiMock();
  localStorage.clear();
  setActivePinia(createPinia());
  useSessionStore().user = ME;
});

async function mountWith(t: Ticket) {
  api.ticket.mockResolvedValue(t);
  const store = useTicketStore();
  store.open(t.protocol);
  // The related panel links to tickets in the queue's route.
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/fila/:view/:protocol?', name: 'queue', component: { template: '<div />' } }] });
  await router.push('/fila/all');
  const wrapper = mount(TicketPane, { attachTo: document.body, global: { plugins: [router] } });
  await vi.waitFor(() => expect(wrapper.find('h2#ticket-title').exists()).toBe(true));
  return { wrapper, store };
}

const modes = (wrapper: Awaited<ReturnType<typeof mountWith>>['wrapper']) =>
  wrapper.findAll('.modes input[type="radio"]').map((i) => (i.element as HTMLInputElement).value);

describe('the ticket pane', () => {
  it('offers every action an open ticket allows', async () => {
    const { wrapper } = await mountWith(ticket());
    expect(wrapper.find('[data-action="take"]').exists()).toBe(true);
    expect(wrapper.find('#assign-to').exists()).toBe(true);
    expect(modes(wrapper)).toEqual(['comment', 'note', 'request_info', 'resolve', 'close']);
    wrapper.unmount();
  });

  it("offers only what the ticket's actions list: a ticket waiting on the professional takes notes only", async () => {
    const { wrapper } = await mountWith(ticket({ status: 'pending_professional', actions: ['note'] }));
    expect(wrapper.find('[data-action="take"]').exists()).toBe(false);
    expect(wrapper.find('#assign-to').exists()).toBe(false);
    expect(modes(wrapper)).toEqual(['note']);
    wrapper.unmount();
  });

  it('offers nothing on a closed ticket', async () => {
    const { wrapper } = await mountWith(ticket({ status: 'closed', outcome: 'approved', actions: [] }));
    expect(wrapper.find('form.composer').exists()).toBe(false);
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Assumir');
    expect(wrapper.text()).toContain('Chamado fechado');
    wrapper.unmount();
  });

  it('renders ticket text as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><b>negrito</b>';
    const { wrapper } = await mountWith(ticket({
      subject: '<script>alert(1)</script>',
      description: hostile,
      messages: [{ id: 'm1', author: { id: null, name: '<i>Ana</i>', role: 'professional' }, body: hostile, attachments: [], at: '2026-03-02T13:00:00.000Z' }],
    }));
    expect(wrapper.find('[data-testid="timeline"] img').exists()).toBe(false);
    expect(wrapper.find('[data-testid="timeline"] b').exists()).toBe(false);
    expect(wrapper.find('h2#ticket-title').text()).toBe('<script>alert(1)</script>');
    expect(wrapper.text()).toContain('<b>negrito</b>');
    wrapper.unmount();
  });

  it('sets internal notes apart from the public thread', async () => {
    const { wrapper } = await mountWith(ticket({
      messages: [{ id: 'm1', author: { id: 'x', name: 'Bruno', role: 'attendant' }, body: 'Resposta pública', attachments: [], at: '2026-03-02T13:00:00.000Z' }],
      notes: [{ id: 'n1', author: { id: 'x', name: 'Bruno', role: 'attendant' }, body: 'Só para a equipe', attachments: [], at: '2026-03-02T13:05:00.000Z' }],
    }));
    const note = wrapper.find('[data-kind="note"]');
    expect(note.text()).toContain('Nota interna');
    expect(note.text()).toContain('Só para a equipe');
    expect(note.classes()).toContain('kind-note');
    expect(wrapper.find('[data-kind="message"]').text()).not.toContain('Nota interna');
    wrapper.unmount();
  });

  it('lists attachments with their size and downloads them through a short-lived link', async () => {
    const { wrapper } = await mountWith(ticket({
      attachments: [{ id: 'f0', name: 'boleto.pdf', size: 1024 * 1024, contentType: 'application/pdf' }],
      messages: [{ id: 'm1', author: { id: null, name: 'Ana', role: 'professional' }, body: 'Segue o print', attachments: [{ id: 'f1', name: 'siccau.png', size: 204800, contentType: 'image/png' }], at: '2026-03-02T13:00:00.000Z' }],
    }));
    const files = wrapper.findAll('.files');
    expect(files[0]!.text()).toContain('boleto.pdf'); // sent with the ticket itself
    expect(files[1]!.text()).toContain('siccau.png');
    expect(files[1]!.text()).toContain('200 KB');
    api.attachmentLink.mockResolvedValue({ url: 'http://desk.test/files/abc', expiresAt: '2026-03-02T13:05:00.000Z' });
    await files[1]!.find('button').trigger('click');
    await vi.waitFor(() => expect(platform.download).toHaveBeenCalledWith('http://desk.test/files/abc'));
    expect(api.attachmentLink).toHaveBeenCalledWith('f1');
    wrapper.unmount();
  });

  it('asks for the text before sending, then sends it with the chosen action', async () => {
    const { wrapper } = await mountWith(ticket());
    await wrapper.find('input[value="request_info"]').setValue(true);
    await wrapper.find('form.composer').trigger('submit');
    expect(wrapper.find('#composer-error').text()).toBe('Escreva uma mensagem.');
    expect(api.requestInfo).not.toHaveBeenCalled();

    api.requestInfo.mockResolvedValue(ticket({ status: 'pending_professional', actions: ['note'] }));
    await wrapper.find('textarea').setValue('Envie o comprovante, por favor.');
    await wrapper.find('form.composer').trigger('submit');
    await vi.waitFor(() => expect(api.requestInfo).toHaveBeenCalledWith('2026-000042', 'Envie o comprovante, por favor.'));
    await vi.waitFor(() => expect(wrapper.text()).toContain('Pendente Profissional'));
    expect(wrapper.emitted('changed')).toHaveLength(1);
    wrapper.unmount();
  });

  it('attaches files to an answer, refusing the types the desk cannot send', async () => {
    const { wrapper } = await mountWith(ticket());
    const input = wrapper.find('#composer-files');
    const pick = async (...files: File[]) => {
      Object.defineProperty(input.element, 'files', { value: files, configurable: true });
      await input.trigger('change');
    };
    await pick(new File(['MZ'], 'programa.exe'));
    expect(wrapper.find('#composer-error').text()).toMatch(/tipo de arquivo não permitido/);
    await pick(new File(['ok'], 'modelo.txt'));
    expect(wrapper.find('.picked').text()).toContain('modelo.txt');
    api.upload.mockResolvedValue({ id: 'f'.repeat(24), name: 'modelo.txt', size: 2, contentType: 'text/plain' });
    api.comment.mockResolvedValue(ticket());
    await wrapper.find('textarea').setValue('Segue o modelo preenchido.');
    await wrapper.find('form.composer').trigger('submit');
    await vi.waitFor(() => expect(api.comment).toHaveBeenCalledWith('2026-000042', 'Segue o modelo preenchido.', ['f'.repeat(24)]));
    await vi.waitFor(() => expect(wrapper.find('.picked').exists()).toBe(false));
    // Requests, solutions and closings carry no files (the API takes text only for them).
    await wrapper.find('input[value="resolve"]').setValue(true);
    expect(wrapper.find('#composer-files').exists()).toBe(false);
    wrapper.unmount();
  });

  it('requires the reason to close a ticket, and closes only once confirmed (Ctrl+Enter too)', async () => {
    const { wrapper } = await mountWith(ticket());
    await wrapper.find('input[value="close"]').setValue(true);
    await wrapper.find('textarea').setValue('Chamado aberto por engano.');
    await wrapper.find('form.composer').trigger('submit');
    expect(wrapper.find('#composer-error').text()).toMatch(/motivo/);
    api.close.mockResolvedValue(ticket({ status: 'closed', actions: [] }));
    await wrapper.find('input[name="close-reason"][value="invalid"]').setValue(true);
    await wrapper.find('textarea').trigger('keydown', { key: 'Enter', ctrlKey: true });
    const dialog = wrapper.find('dialog');
    await vi.waitFor(() => expect((dialog.element as HTMLDialogElement).open).toBe(true));
    expect(dialog.text()).toContain('Encerrar o chamado 2026-000042?');
    expect(dialog.text()).toContain('Motivo: Inválido');
    expect(api.close).not.toHaveBeenCalled();
    // Cancelling changes nothing and keeps the text.
    await dialog.findAll('button').find((b) => b.text() === 'Cancelar')!.trigger('click');
    expect(api.close).not.toHaveBeenCalled();
    expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('Chamado aberto por engano.');
    await wrapper.find('form.composer').trigger('submit');
    await wrapper.find('dialog form').trigger('submit');
    await vi.waitFor(() => expect(api.close).toHaveBeenCalledWith('2026-000042', 'invalid', 'Chamado aberto por engano.'));
    // Closed: no composer is left to show a draft, and none stays behind in storage.
    await vi.waitFor(() => expect(wrapper.find('form.composer').exists()).toBe(false));
    await flushPromises();
    expect(localStorage.getItem(`cau-desk.draft.${ME.id}.2026-000042`)).toBeNull();
    wrapper.unmount();
  });

  it('closing as a duplicate asks for the original, offering the professional\'s other tickets', async () => {
    const other = { protocol: '2026-000007', subject: 'Boleto repetido', status: 'in_progress', topic: null, rrtNumber: null, annuityYear: null, createdAt: '2026-03-01T10:00:00.000Z' };
    const { wrapper } = await mountWith(ticket({ related: { sameProfessional: [other], sameReference: [] } }));
    await wrapper.find('input[value="close"]').setValue(true);
    await wrapper.find('input[name="close-reason"][value="duplicate"]').setValue(true);
    expect(wrapper.findAll('#composer-originals option').map((o) => o.attributes('value'))).toEqual(['2026-000007']);
    await wrapper.find('textarea').setValue('Mesmo pedido do chamado anterior.');
    await wrapper.find('form.composer').trigger('submit');
    expect(wrapper.find('#composer-error').text()).toBe('Informe o chamado original de que este é duplicado.');
    await wrapper.find('#composer-original').setValue('2026-7');
    await wrapper.find('form.composer').trigger('submit');
    expect(wrapper.find('#composer-error').text()).toMatch(/Protocolo do chamado original inválido/);
    await wrapper.find('#composer-original').setValue('2026-000007');
    await wrapper.find('form.composer').trigger('submit');
    expect(wrapper.find('dialog').text()).toContain('duplicado de 2026-000007');
    workspace.closeAsDuplicate.mockResolvedValue(ticket({ status: 'closed', actions: [], duplicateOf: '2026-000007' }));
    await wrapper.find('dialog form').trigger('submit');
    await vi.waitFor(() => expect(workspace.closeAsDuplicate).toHaveBeenCalledWith('2026-000042', '2026-000007', 'Mesmo pedido do chamado anterior.'));
    expect(api.close).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(wrapper.find('[data-testid="action-done"]').text()).toBe('Chamado encerrado como duplicado de 2026-000007.'));
    expect(wrapper.find('[data-testid="duplicate-of"]').text()).toContain('2026-000007');
    wrapper.unmount();
  });

  it('says when the professional gets no mail, and not otherwise', async () => {
    const { wrapper } = await mountWith(ticket({ mailUndeliverable: { address: 'ana@exemplo.com.br', lastError: '550 5.1.1', at: '2026-03-02T13:00:00.000Z' } }));
    expect(wrapper.find('[data-testid="no-mail"]').text()).toContain('O profissional não está recebendo e-mails: o servidor de e-mail recusou ana@exemplo.com.br');
    wrapper.unmount();
    setActivePinia(createPinia());
    useSessionStore().user = ME;
    const plain = await mountWith(ticket());
    expect(plain.wrapper.find('[data-testid="no-mail"]').exists()).toBe(false);
    plain.wrapper.unmount();
  });

  it('drops a success message once the ticket has moved on (no "Homologando" on a closed ticket)', async () => {
    const { wrapper, store } = await mountWith(ticket());
    api.resolve.mockResolvedValue(ticket({ status: 'awaiting_approval', actions: ['note'] }));
    await wrapper.find('input[value="resolve"]').setValue(true);
    await wrapper.find('textarea').setValue('Segue a solução.');
    await wrapper.find('form.composer').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="action-done"]').text()).toMatch(/Homologando/));
    // The professional approves at once: the reload shows Fechado, and the message goes.
    api.ticket.mockResolvedValue(ticket({ status: 'closed', outcome: 'approved', actions: [] }));
    await store.load({ quiet: true, background: true });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="ticket-status"]').text()).toBe('Fechado'));
    expect(wrapper.find('[data-testid="action-done"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it("takes the ticket and shows the server's refusal when someone was faster", async () => {
    const { ApiError } = await import('../api');
    const { wrapper } = await mountWith(ticket());
    api.take.mockRejectedValue(new ApiError('conflict', 'O chamado foi alterado por outra pessoa enquanto você agia.'));
    await wrapper.find('[data-action="take"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[role="alert"].feedback').text()).toMatch(/outra pessoa/));
    wrapper.unmount();
  });

  it('masks the CPF until the attendant asks, then shows it', async () => {
    const { wrapper } = await mountWith(ticket());
    expect(wrapper.find('[data-testid="cpf"]').text()).toBe('***.456.789-**');
    api.revealCpf.mockResolvedValue({ cpf: '123.456.789-09' });
    await wrapper.findAll('button').find((b) => b.text().startsWith('Revelar'))!.trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="cpf"]').text()).toBe('123.456.789-09'));
    expect(wrapper.text()).toContain('Este acesso ao CPF foi registrado.');
    wrapper.unmount();
  });
});

describe('the ticket pane with colleagues', () => {
  const DRAFT_KEY = `cau-desk.draft.${ME.id}.2026-000042`;

  it('shows who else has the ticket open and who is typing a reply', async () => {
    const { wrapper } = await mountWith(ticket());
    const colleagues = usePresenceStore();
    colleagues.enter('2026-000042');
    colleagues.seed('2026-000042', [{ id: OTHER_ID, name: 'Carlos Mendes', typing: false }]);
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="viewers"]').text()).toBe('Também neste chamado: Carlos Mendes');
    expect(wrapper.find('[data-testid="typing"]').text()).toBe('');
    colleagues.onDeskEvent(presence('typing', { id: OTHER_ID, name: 'Carlos Mendes' }));
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="typing"]').text()).toBe('Carlos Mendes está digitando uma resposta');
    colleagues.leave();
    wrapper.unmount();
  });

  it('tells colleagues when a public reply is being typed, not a note', async () => {
    const { wrapper } = await mountWith(ticket());
    usePresenceStore().enter('2026-000042');
    await wrapper.find('textarea').setValue('Bom dia');
    expect(api.presence).toHaveBeenCalledWith('2026-000042', 'typing');
    api.presence.mockClear();
    await wrapper.find('input[value="note"]').setValue(true);
    await wrapper.find('textarea').setValue('Nota interna');
    expect(api.presence).not.toHaveBeenCalledWith('2026-000042', 'typing');
    usePresenceStore().leave();
    wrapper.unmount();
  });

  it('keeps the draft per ticket across navigation and reloads, and drops it once sent', async () => {
    const first = await mountWith(ticket());
    await first.wrapper.find('textarea').setValue('Rascunho da resposta');
    first.wrapper.unmount();
    expect(JSON.parse(localStorage.getItem(DRAFT_KEY)!)).toEqual({ comment: 'Rascunho da resposta' });

    setActivePinia(createPinia());
    useSessionStore().user = ME;
    const again = await mountWith(ticket());
    expect((again.wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('Rascunho da resposta');
    api.comment.mockResolvedValue(ticket());
    await again.wrapper.find('form.composer').trigger('submit');
    await vi.waitFor(() => expect(api.comment).toHaveBeenCalled());
    await vi.waitFor(() => expect(localStorage.getItem(DRAFT_KEY)).toBeNull());
    again.wrapper.unmount();
  });

  it('after losing a race, names the colleague, shows the ticket as it is now and keeps the typed text', async () => {
    const { wrapper } = await mountWith(ticket({ status: 'in_progress', actions: ['comment', 'note', 'request_info', 'resolve', 'close'] }));
    await wrapper.find('input[value="resolve"]').setValue(true);
    await wrapper.find('textarea').setValue('A solução é emitir a segunda via.');
    api.resolve.mockRejectedValue(
      new ApiError('conflict', 'O chamado foi alterado.', {}, { lastChange: { actor: { id: OTHER_ID, name: 'Carlos Mendes' }, event: 'resolve', at: new Date(Date.now() - 10_000).toISOString() } }),
    );
    api.ticket.mockResolvedValue(ticket({ status: 'awaiting_approval', actions: ['comment', 'note'] }));
    await wrapper.find('form.composer').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="action-error"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="action-error"]').text()).toMatch(/^Carlos Mendes enviou uma solução há 1\d s/);
    await vi.waitFor(() => expect(modes(wrapper)).toEqual(['comment', 'note']));
    expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('A solução é emitir a segunda via.');
    wrapper.unmount();
  });

  it.each([
    ['resolve', 'Propor solução', () => api.resolve, ticket({ status: 'awaiting_approval', actions: ['comment', 'note'] })],
    ['request_info', 'Pedir informação', () => api.requestInfo, ticket({ status: 'pending_professional', actions: ['comment', 'note', 'close'] })],
  ] as const)('empties the composer once "%s" is accepted, with no notice (its own mode is gone by then)', async (mode, _label, call, after) => {
    const { wrapper } = await mountWith(ticket({ status: 'in_progress', actions: ['comment', 'note', 'request_info', 'resolve', 'close'] }));
    await wrapper.find(`input[value="${mode}"]`).setValue(true);
    await wrapper.find('textarea').setValue('O pagamento foi localizado e a anuidade consta como quitada.');
    call().mockResolvedValue(after);
    await wrapper.find('form.composer').trigger('submit');
    await vi.waitFor(() => expect(modes(wrapper)).toEqual([...after.actions]));
    await vi.waitFor(() => expect(localStorage.getItem(DRAFT_KEY)).toBeNull());
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="composer-displaced"]').exists()).toBe(false);
    expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('');
    wrapper.unmount();
  });

  it('drops the drafts of a ticket a colleague closed', async () => {
    const key = `cau-desk.draft.${ME.id}.2026-000042`;
    const { wrapper, store } = await mountWith(ticket({ status: 'in_progress', actions: ['comment', 'note', 'request_info', 'resolve', 'close'] }));
    await wrapper.find('textarea').setValue('Uma resposta que não será mais enviada.');
    window.dispatchEvent(new Event('pagehide'));
    expect(localStorage.getItem(key)).not.toBeNull();
    api.ticket.mockResolvedValue(ticket({ status: 'closed', outcome: 'cancelled', actions: [] }));
    store.onDeskEvent(event('changed', '2026-000042', { actor: { id: OTHER_ID, name: 'Carlos Mendes', role: 'attendant' }, event: 'close', status: 'closed', at: new Date().toISOString() }));
    await vi.waitFor(() => expect(wrapper.find('form.composer').exists()).toBe(false));
    await flushPromises();
    expect(localStorage.getItem(key)).toBeNull();
    wrapper.unmount();
  });

  it("never sends the text as something else when a colleague's change takes its mode away", async () => {
    const { wrapper, store } = await mountWith(ticket({ status: 'in_progress', actions: ['comment', 'note', 'request_info', 'resolve', 'close'] }));
    await wrapper.find('input[value="resolve"]').setValue(true);
    await wrapper.find('textarea').setValue('Minha solução.');
    api.ticket.mockResolvedValue(ticket({ status: 'awaiting_approval', actions: ['comment', 'note'] }));
    store.onDeskEvent(event('changed', '2026-000042', { actor: { id: OTHER_ID, name: 'Carlos Mendes', role: 'attendant' }, event: 'resolve', at: new Date().toISOString() }));
    await vi.waitFor(() => expect(modes(wrapper)).toEqual(['comment', 'note']));
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="remote-change"]').text()).toMatch(/^Carlos Mendes enviou uma solução há \d+ s\.$/);
    expect(wrapper.find('[data-testid="composer-displaced"]').text()).toContain('“Propor solução” não está mais disponível');
    expect((wrapper.find('button[type="submit"]').element as HTMLButtonElement).disabled).toBe(true);
    await wrapper.find('form.composer').trigger('submit');
    expect(api.comment).not.toHaveBeenCalled();
    // Once the attendant looks at the text (edits it, or picks a mode), sending is theirs again.
    await wrapper.find('textarea').setValue('Minha solução, agora como resposta.');
    expect((wrapper.find('button[type="submit"]').element as HTMLButtonElement).disabled).toBe(false);
    wrapper.unmount();
  });
});
