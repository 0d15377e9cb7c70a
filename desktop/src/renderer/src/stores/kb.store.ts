// The knowledge base in the desk: the article list (drafts included), the article being edited, saving
// (draft or published, conditional on the version the editor started from), removing, and the
// admin's figures for the reports view.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, messageOf, toApiError, type KbArticle, type KbArticleSummary, type KbReport, type KbSaveInput } from '../api';

export const useKbStore = defineStore('kb', () => {
  const items = ref<KbArticleSummary[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const current = ref<KbArticle | null>(null);
  const saving = ref(false);
  const saveError = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});
  const report = ref<KbReport | null>(null);
  const reportError = ref<string | null>(null);

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      items.value = (await api.kb.list()).items;
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      loading.value = false;
    }
  }

  async function open(id: string | null) {
    saveError.value = null;
    fieldErrors.value = {};
    if (!id) {
      current.value = null;
      return;
    }
    try {
      current.value = await api.kb.article(id);
    } catch (e) {
      saveError.value = messageOf(e);
    }
  }

  /** Saves and returns the article, or null when refused (the messages are in saveError and fieldErrors). */
  async function save(input: KbSaveInput): Promise<KbArticle | null> {
    saving.value = true;
    saveError.value = null;
    fieldErrors.value = {};
    try {
      const saved = await api.kb.save({ ...input, ...(current.value && input.id === current.value.id ? { expectedUpdatedAt: current.value.updatedAt } : {}) });
      current.value = saved;
      const { body: _body, revisions: _revisions, ...summary } = saved;
      items.value = [summary, ...items.value.filter((i) => i.id !== saved.id)];
      return saved;
    } catch (e) {
      const failure = toApiError(e);
      saveError.value = failure.message;
      fieldErrors.value = failure.fields ?? {};
      return null;
    } finally {
      saving.value = false;
    }
  }

  async function remove(id: string): Promise<boolean> {
    saveError.value = null;
    try {
      await api.kb.remove(id);
      items.value = items.value.filter((i) => i.id !== id);
      if (current.value?.id === id) current.value = null;
      return true;
    } catch (e) {
      saveError.value = messageOf(e);
      return false;
    }
  }

  /**
   * A draft taken from a closed ticket's final answer (its last solution): the ticket's subject as the
   * title, the answer as the body. Null, with the reason in saveError, when there is none to take.
   */
  async function draftFromTicket(protocol: string): Promise<{ title: string; body: string; topic: KbArticle['topic'] } | null> {
    saveError.value = null;
    try {
      const ticket = await api.ticket(protocol);
      const solution = [...ticket.history].reverse().find((h) => h.event === 'resolve' && h.messageId);
      const message = solution ? ticket.messages.find((m) => m.id === solution.messageId) : undefined;
      if (ticket.status !== 'closed' || !message) {
        saveError.value = `O chamado ${protocol} não está encerrado com uma solução do atendimento.`;
        return null;
      }
      current.value = null;
      return { title: ticket.subject, body: message.body, topic: ticket.topic ?? 'other' };
    } catch (e) {
      saveError.value = messageOf(e);
      return null;
    }
  }

  async function loadReport(range: { from?: string; to?: string }) {
    reportError.value = null;
    try {
      report.value = await api.kb.report(range);
    } catch (e) {
      reportError.value = messageOf(e);
    }
  }

  return { items, loading, error, current, saving, saveError, fieldErrors, report, reportError, load, open, save, remove, draftFromTicket, loadReport };
});
