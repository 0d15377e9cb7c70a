// Admin: security and privacy settings — session limits, staff two-step verification, the cap on
// open tickets per professional, and who controls the data (the privacy notice).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, api, type SecuritySettings } from '../api';

export const useSecuritySettingsStore = defineStore('security-settings', () => {
  const settings = ref<SecuritySettings | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      settings.value = await api.securitySettings.get();
    } catch (e) {
      error.value = (e as ApiError).message;
    } finally {
      loading.value = false;
    }
  }

  async function save(next: SecuritySettings) {
    saving.value = true;
    error.value = null;
    fieldErrors.value = {};
    try {
      settings.value = await api.securitySettings.update(next);
      return true;
    } catch (e) {
      error.value = (e as ApiError).message;
      fieldErrors.value = (e as ApiError).fields ?? {};
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { settings, loading, saving, error, fieldErrors, load, save };
});
