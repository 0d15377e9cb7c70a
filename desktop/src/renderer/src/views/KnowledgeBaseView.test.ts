import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { KbArticle, KbArticleSummary } from '../api';
import { ApiError } from '../api';
import { ME, api, resetApiMock, ticket } from '../test/api-mock';
import { useSessionStore } from '../stores/session.store';
import KnowledgeBaseView from './KnowledgeBaseView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

const EDITOR = { id: ME.id, name: 'Bruno Atendente' };
function summary(overrides: Partial<KbArticleSummary> = {}): KbArticleSummary {
  return {
    id: 'd'.repeat(24), slug: 'segunda-via-do-boleto', url: 'http://localhost:3000/#atendimento/perguntas-frequentes/segunda-via-do-boleto', title: 'Segunda via do boleto', topic: 'annuity', keywords: ['boleto'],
    status: 'published', createdAt: '2026-03-01T12:00:00.000Z', updatedAt: '2026-03-02T12:00:00.000Z', updatedBy: EDITOR, publishedAt: '2026-03-01T12:00:00.000Z',
    ...overrides,
  };
}
function article(overrides: Partial<KbArticle> = {}): KbArticle {
  return {
    ...summary(),
    body: 'Entre no **SICCAU** e emita o boleto.\n\n<script>alert(1)</script>',
    revisions: [
      { at: '2026-03-01T12:00:00.000Z', by: EDITOR, action: 'created', fields: ['title', 'body'] },
      { at: '2026-03-02T12:00:00.000Z', by: { id: 'e'.repeat(24), name: 'Carla Admin' }, action: 'edited', fields: ['body', 'keywords'] },
    ],
    ...overrides,
  };
}

async function setUp(role: 'attendant' | 'admin' = 'attendant') {
  setActivePinia(createPinia());
  useSessionStore().user = { ...ME, role };
  api.kb.list.mockResolvedValue({ items: [summary(), summary({ id: 'f'.repeat(24), slug: 'rascunho', title: 'Rascunho sobre RRT', topic: 'rrt', status: 'draft' })] });
  api.kb.article.mockResolvedValue(article());
  const wrapper = mount(KnowledgeBaseView, { attachTo: document.body });
  await flushPromises();
  return wrapper;
}

beforeEach(() => {
  resetApiMock();
  document.body.innerHTML = '';
});

describe('KnowledgeBaseView', () => {
  it('lists articles with their status and filters drafts', async () => {
    const wrapper = await setUp();
    expect(wrapper.findAll('.article-title').map((t) => t.text())).toEqual(['Segunda via do boleto', 'Rascunho sobre RRT']);
    expect(wrapper.findAll('.article .chip').map((c) => c.text())).toEqual(['Publicado', 'Rascunho']);
    await wrapper.find('#kb-filter').setValue('draft');
    expect(wrapper.findAll('.article-title').map((t) => t.text())).toEqual(['Rascunho sobre RRT']);
  });

  it('opens an article, previews its Markdown safely and shows who changed what', async () => {
    const wrapper = await setUp();
    await wrapper.find('.article').trigger('click');
    await flushPromises();
    expect(api.kb.article).toHaveBeenCalledWith('d'.repeat(24));
    expect((wrapper.find('#kb-title').element as HTMLInputElement).value).toBe('Segunda via do boleto');
    expect((wrapper.find('#kb-keywords').element as HTMLInputElement).value).toBe('boleto');
    await wrapper.findAll('.tabs button')[1]!.trigger('click');
    const preview = wrapper.find('[data-testid="kb-preview"]');
    expect(preview.find('strong').text()).toBe('SICCAU');
    expect(preview.find('script').exists()).toBe(false);
    expect(preview.text()).toContain('<script>alert(1)</script>');
    expect(wrapper.find('.history').text()).toContain('Carla Admin editou (texto, palavras-chave)');
    // Attendants cannot remove.
    expect(wrapper.findAll('button').some((b) => b.text() === 'Remover')).toBe(false);
  });

  it('writes a new article, publishes it and shows the server\'s field messages when refused', async () => {
    const wrapper = await setUp();
    await wrapper.findAll('button').find((b) => b.text() === 'Novo artigo')!.trigger('click');
    await flushPromises();
    expect(document.activeElement?.id).toBe('kb-title');
    api.kb.save.mockRejectedValueOnce(new ApiError('invalid_input', 'O título precisa de pelo menos 5 caracteres.', { title: 'O título precisa de pelo menos 5 caracteres.' }));
    await wrapper.find('#kb-title').setValue('Oi');
    await wrapper.findAll('button').find((b) => b.text() === 'Publicar')!.trigger('click');
    await flushPromises();
    expect(wrapper.find('#kb-title-error').text()).toBe('O título precisa de pelo menos 5 caracteres.');
    expect(wrapper.find('#kb-title').attributes('aria-invalid')).toBe('true');

    api.kb.save.mockResolvedValueOnce(article({ id: 'a'.repeat(24), title: 'Certidão de acervo técnico', slug: 'certidao', topic: 'rrt', status: 'published', revisions: [] }));
    await wrapper.find('#kb-title').setValue('Certidão de acervo técnico');
    await wrapper.find('#kb-topic').setValue('rrt');
    await wrapper.find('#kb-keywords').setValue('CAT, licitação , ');
    await wrapper.find('#kb-body').setValue('Peça a CAT no SICCAU em Acervo.');
    await wrapper.findAll('button').find((b) => b.text() === 'Publicar')!.trigger('click');
    await flushPromises();
    expect(api.kb.save).toHaveBeenLastCalledWith({ title: 'Certidão de acervo técnico', body: 'Peça a CAT no SICCAU em Acervo.', topic: 'rrt', keywords: ['CAT', 'licitação'], status: 'published' });
    expect(wrapper.find('.editor [role="status"]').text()).toContain('Artigo publicado');
    expect(wrapper.findAll('.article-title')[0]!.text()).toBe('Certidão de acervo técnico');
    expect(wrapper.findAll('button').map((b) => b.text())).toContain('Despublicar');
  });

  it('unpublishes with the version it started from, and lets an admin remove after confirming', async () => {
    const wrapper = await setUp('admin');
    await wrapper.find('.article').trigger('click');
    await flushPromises();
    api.kb.save.mockResolvedValueOnce(article({ status: 'draft', updatedAt: '2026-03-03T12:00:00.000Z' }));
    await wrapper.findAll('button').find((b) => b.text() === 'Despublicar')!.trigger('click');
    await flushPromises();
    expect(api.kb.save).toHaveBeenCalledWith(expect.objectContaining({ id: 'd'.repeat(24), status: 'draft', expectedUpdatedAt: '2026-03-02T12:00:00.000Z' }));
    expect(wrapper.find('.editor [role="status"]').text()).toContain('Rascunho salvo');
    api.kb.remove.mockResolvedValueOnce({});
    await wrapper.findAll('button').find((b) => b.text() === 'Remover')!.trigger('click');
    await flushPromises();
    await wrapper.findAll('button').find((b) => b.text() === 'Remover artigo')!.trigger('click');
    await flushPromises();
    expect(api.kb.remove).toHaveBeenCalledWith('d'.repeat(24));
    expect(wrapper.findAll('.article-title').map((t) => t.text())).toEqual(['Rascunho sobre RRT']);
  });

  it('starts a draft from a closed ticket\'s final answer, asking to remove personal data, and refuses an open ticket', async () => {
    const wrapper = await setUp();
    const desk = { id: ME.id, name: 'Bruno Atendente', role: 'attendant' as const };
    api.ticket.mockResolvedValueOnce(ticket({ status: 'open' }));
    await wrapper.find('#kb-from-ticket').setValue('2026-000042');
    await wrapper.find('form.from-ticket').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('O chamado 2026-000042 não está encerrado com uma solução do atendimento.');

    api.ticket.mockResolvedValueOnce(ticket({
      status: 'closed', subject: 'Boleto da anuidade', topic: 'annuity',
      messages: [
        { id: 'm1', author: desk, body: 'Primeira tentativa.', attachments: [], at: '2026-03-03T12:00:00.000Z' },
        { id: 'm2', author: desk, body: 'Emita a segunda via em Financeiro > Anuidades.', attachments: [], at: '2026-03-04T12:00:00.000Z' },
      ],
      history: [
        ...ticket().history,
        { at: '2026-03-03T12:00:00.000Z', actor: desk, event: 'resolve', from: 'in_progress', to: 'awaiting_approval', messageId: 'm1' },
        { at: '2026-03-03T13:00:00.000Z', actor: desk, event: 'reject', from: 'awaiting_approval', to: 'in_progress', messageId: null },
        { at: '2026-03-04T12:00:00.000Z', actor: desk, event: 'resolve', from: 'in_progress', to: 'awaiting_approval', messageId: 'm2' },
      ],
    } as never));
    await wrapper.find('#kb-from-ticket').setValue('2026-000042');
    await wrapper.find('form.from-ticket').trigger('submit');
    await flushPromises();
    expect((wrapper.find('#kb-title').element as HTMLInputElement).value).toBe('Boleto da anuidade');
    expect((wrapper.find('#kb-body').element as HTMLTextAreaElement).value).toBe('Emita a segunda via em Financeiro > Anuidades.');
    expect((wrapper.find('#kb-topic').element as HTMLSelectElement).value).toBe('annuity');
    expect(wrapper.find('.editor [role="status"]').text()).toContain('Retire dados pessoais');
    expect(wrapper.findAll('button').map((b) => b.text())).toContain('Salvar rascunho');
  });
});
