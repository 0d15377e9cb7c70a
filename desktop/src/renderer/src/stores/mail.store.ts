// Admin: e-mails the mail server refused for good, each of which can be put back in line.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, messageOf, type FailedMail } from '../api';

export const useMailStore = defineStore('mail', () => {
  const failed = ref<FailedMail[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const busyId = ref<string | null>(null);
  /** Entries put back in line during this visit. */
  const retried = ref<Set<string>>(new Set());

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      failed.value = await api.failedMail.list();
      retried.value = new Set();
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      loading.value = false;
    }
  }

  async function retry(id: string) {
    busyId.value = id;
    error.value = null;
    try {
      await api.failedMail.retry(id);
      retried.value = new Set([...retried.value, id]);
      return true;
    } catch (e) {
      error.value = messageOf(e);
      return false;
    } finally {
      busyId.value = null;
    }
  }

  return { failed, loading, error, busyId, retried, load, retry };
});
