import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { KbArticleSummary } from '../api';
import { ApiError } from '../api';
import { ME, api, resetApiMock, ticket } from '../test/api-mock';
import { useSessionStore } from '../stores/session.store';
import { useTicketStore } from '../stores/ticket.store';
import ActionComposer from './ActionComposer.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));
vi.mock('../api/workspace', () => ({ workspaceApi: { templates: { list: vi.fn(async () => []), used: vi.fn() } } }));

const PORTAL = 'https://www.causp.gov.br/atendimento#atendimento/perguntas-frequentes/';
function article(slug: string, title: string, over: Partial<KbArticleSummary> = {}): KbArticleSummary {
  return {
    id: slug.padEnd(24, '0').slice(0, 24).replace(/[^0-9a-f]/g, 'a'), slug, title, topic: 'annuity', keywords: [], status: 'published',
    createdAt: '2026-03-01T12:00:00.000Z', updatedAt: '2026-03-02T12:00:00.000Z', updatedBy: { id: ME.id, name: ME.name }, publishedAt: '2026-03-01T12:00:00.000Z',
    url: `${PORTAL}${slug}`, ...over,
  };
}
const BOLETO = article('segunda-via-do-boleto', 'Segunda via do boleto da anuidade', { keywords: ['guia'] });
const RRT = article('como-emitir-um-rrt', 'Como emitir um RRT', { topic: 'rrt', id: 'b'.repeat(24) });
const DRAFT = article('boleto-rascunho', 'Boleto: rascunho em revisão', { status: 'draft', publishedAt: null, id: 'c'.repeat(24) });

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
  useSessionStore().user = ME;
  useTicketStore().ticket = ticket({ protocol: '2026-000042', topic: 'annuity' });
  api.kb.list.mockResolvedValue({ items: [BOLETO, RRT, DRAFT] });
});

function composer() {
  return mount(ActionComposer, { props: { actions: ['comment', 'note'], busy: false }, attachTo: document.body });
}
const area = (w: ReturnType<typeof composer>) => w.find('textarea').element as HTMLTextAreaElement;

async function openPicker(w: ReturnType<typeof composer>) {
  await w.find('[data-testid="kb-link-toggle"]').trigger('click');
  await flushPromises();
}

describe('"Inserir link de artigo" in the composer', () => {
  it('offers published articles only, searched by title or keyword whatever the accents, and is labelled', async () => {
    const w = composer();
    await openPicker(w);
    expect(w.find('[role="dialog"]').attributes('aria-label')).toBe('Inserir link de artigo');
    expect(w.find('label[for="kb-link-search"]').text()).toBe('Buscar artigo publicado');
    expect(document.activeElement).toBe(w.find('#kb-link-search').element);
    expect(w.findAll('[role="option"] .title').map((o) => o.text())).toEqual(['Segunda via do boleto da anuidade', 'Como emitir um RRT']);
    await w.find('#kb-link-search').setValue('BOLÉTO');
    expect(w.findAll('[role="option"] .title').map((o) => o.text())).toEqual(['Segunda via do boleto da anuidade']);
    await w.find('#kb-link-search').setValue('guia');
    expect(w.findAll('[role="option"] .title').map((o) => o.text())).toEqual(['Segunda via do boleto da anuidade']);
    await w.find('#kb-link-search').setValue('rascunho');
    expect(w.findAll('[role="option"]')).toHaveLength(0);
    expect(w.find('[role="dialog"] [role="status"]').text()).toBe('Nenhum artigo publicado com “rascunho”.');
    expect(api.kb.list).toHaveBeenCalledTimes(1);
    w.unmount();
  });

  it('inserts "title: public address" at the caret with Enter, for review, and sends nothing', async () => {
    const w = composer();
    await w.find('textarea').setValue('Bom dia! Veja o passo a passo. Qualquer dúvida, responda aqui.');
    area(w).setSelectionRange(31, 31);
    await openPicker(w);
    await w.find('#kb-link-search').setValue('segunda via');
    await w.find('[role="dialog"]').trigger('keydown', { key: 'Enter' });
    expect(area(w).value).toBe(
      `Bom dia! Veja o passo a passo. Segunda via do boleto da anuidade: ${PORTAL}segunda-via-do-boleto Qualquer dúvida, responda aqui.`,
    );
    expect(w.find('[role="dialog"]').exists()).toBe(false);
    expect(w.emitted('submit')).toBeUndefined();
    w.unmount();
  });

  it('chooses with the arrows or the mouse, and Esc closes it back on its button', async () => {
    const w = composer();
    await openPicker(w);
    await w.find('[role="dialog"]').trigger('keydown', { key: 'ArrowDown' });
    expect(w.findAll('[role="option"]')[1]!.attributes('aria-selected')).toBe('true');
    expect(w.find('#kb-link-search').attributes('aria-activedescendant')).toBe(`kb-link-option-${RRT.id}`);
    await w.find('[role="dialog"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(w.find('[role="dialog"]').exists()).toBe(false);
    expect(document.activeElement).toBe(w.find('[data-testid="kb-link-toggle"]').element);
    expect(area(w).value).toBe('');

    await openPicker(w);
    await w.findAll('[role="option"]')[1]!.trigger('mousedown');
    expect(area(w).value).toBe(`Como emitir um RRT: ${PORTAL}como-emitir-um-rrt`);
    w.unmount();
  });

  it('says why when the articles cannot be read, and tries again on the next opening', async () => {
    api.kb.list.mockRejectedValueOnce(new ApiError('forbidden', 'Sem permissão.'));
    const w = composer();
    await openPicker(w);
    expect(w.find('[role="dialog"] [role="alert"]').text()).toBe('Sem permissão.');
    await w.find('[data-testid="kb-link-toggle"]').trigger('click');
    await openPicker(w);
    expect(w.findAll('[role="option"]')).toHaveLength(2);
    w.unmount();
  });
});
