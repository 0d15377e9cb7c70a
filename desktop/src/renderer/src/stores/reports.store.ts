// Admin: ticket reports over a period (volumes, response and resolution times, outcomes, rating).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, api, type Report } from '../api';

export const useReportsStore = defineStore('reports', () => {
  const report = ref<Report | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(range: { from?: string; to?: string }) {
    loading.value = true;
    error.value = null;
    try {
      report.value = await api.report(range);
    } catch (e) {
      error.value = (e as ApiError).message;
    } finally {
      loading.value = false;
    }
  }

  return { report, loading, error, load };
});
