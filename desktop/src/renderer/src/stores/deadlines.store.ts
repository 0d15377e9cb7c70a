// Admin: the deadline rules (the two waits, calendar or business days, holidays).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, api, type DeadlineSettings } from '../api';

export const useDeadlinesStore = defineStore('deadlines', () => {
  const settings = ref<DeadlineSettings | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});
  const savedAt = ref<number | null>(null);

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      settings.value = await api.deadlineSettings.get();
    } catch (e) {
      error.value = (e as ApiError).message;
    } finally {
      loading.value = false;
    }
  }

  async function save(next: DeadlineSettings) {
    saving.value = true;
    error.value = null;
    fieldErrors.value = {};
    try {
      settings.value = await api.deadlineSettings.update(next);
      savedAt.value = Date.now();
      return true;
    } catch (e) {
      error.value = (e as ApiError).message;
      fieldErrors.value = (e as ApiError).fields ?? {};
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { settings, loading, saving, error, fieldErrors, savedAt, load, save };
});
