// Admin: the supervisor's report over a period (volumes and backlog over time, per attendant,
// service levels, age, outcomes, templates, and the previous period), and its CSV.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { messageOf } from '../api';
import { workspaceApi, type ReportQuery, type SupervisorReport } from '../api/workspace';

export const useReportsStore = defineStore('reports', () => {
  const report = ref<SupervisorReport | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const downloaded = ref<string | null>(null);
  let last: ReportQuery = {};

  async function load(query: ReportQuery) {
    last = query;
    loading.value = true;
    error.value = null;
    try {
      report.value = await workspaceApi.report(query);
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      loading.value = false;
    }
  }

  async function downloadCsv() {
    error.value = null;
    downloaded.value = null;
    try {
      downloaded.value = await workspaceApi.reportCsv({ from: last.from, to: last.to, granularity: last.granularity });
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  return { report, loading, error, downloaded, load, downloadCsv };
});
