// Admin: e-mails the mail server refused for good, each of which can be put back in line.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, toApiError, type FailedMail } from '../api';
import { attempt } from './attempt';

export const useMailStore = defineStore('mail', () => {
  const failed = ref<FailedMail[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const busyId = ref<string | null>(null);
  /** Entries put back in line during this visit. */
  const retried = ref<Set<string>>(new Set());

  async function load() {
    await attempt(loading, true, false, error, async () => {
      failed.value = await api.failedMail.list();
      retried.value = new Set();
    });
  }

  function retry(id: string) {
    return attempt(busyId, id, null, error, async () => {
      await api.failedMail.retry(id);
      retried.value = new Set([...retried.value, id]);
    });
  }

  /** What the last address correction did, for the page to say so. */
  const corrected = ref<string | null>(null);

  /**
   * Corrects a professional's address; the server puts their failed mail back in line to it, so the
   * list is read again. Answers the pt-BR reason for the form when refused (nothing changed then).
   */
  async function correctEmail(professionalId: string, email: string): Promise<{ ok: true } | { ok: false; message: string }> {
    corrected.value = null;
    try {
      const result = await api.failedMail.correctEmail(professionalId, email);
      corrected.value = result.retried === 1
        ? `E-mail corrigido para ${result.email}. 1 e-mail voltou para a fila de envio.`
        : `E-mail corrigido para ${result.email}. ${result.retried} e-mails voltaram para a fila de envio.`;
      await load();
      return { ok: true };
    } catch (e) {
      const failure = toApiError(e);
      return { ok: false, message: failure.fields?.email ?? failure.message };
    }
  }

  return { failed, loading, error, busyId, retried, corrected, load, retry, correctEmail };
});
