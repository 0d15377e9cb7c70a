// Admin: the audit trail — who saw or changed what, newest first, filtered by person, action,
// subject and period, a page at a time ("carregar mais").
import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import { api, messageOf, type AuditAction, type AuditEntry, type AuditQuery } from '../api';

export interface AuditFilters {
  actorId: string;
  action: AuditAction | '';
  /** The person the entries are about (a professional, for an LGPD request). */
  subjectUserId: string;
  /** Days, YYYY-MM-DD, in São Paulo time; `to` is inclusive. */
  from: string;
  to: string;
}

const DAY = 86_400_000;
/** The council works in São Paulo time (UTC−3, no daylight saving since 2019). */
const startOfDay = (day: string) => new Date(`${day}T00:00:00-03:00`);

export function auditQuery(filters: AuditFilters, cursor?: string): AuditQuery {
  return {
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.subjectUserId ? { subjectUserId: filters.subjectUserId } : {}),
    ...(filters.from ? { from: startOfDay(filters.from).toISOString() } : {}),
    ...(filters.to ? { to: new Date(startOfDay(filters.to).getTime() + DAY).toISOString() } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

export const useAuditStore = defineStore('audit', () => {
  const filters = reactive<AuditFilters>({ actorId: '', action: '', subjectUserId: '', from: '', to: '' });
  const items = shallowRef<AuditEntry[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;

  async function load() {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await api.audit(auditQuery(filters));
      if (mine !== generation) return;
      items.value = page.items;
      nextCursor.value = page.nextCursor;
    } catch (e) {
      if (mine === generation) error.value = messageOf(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function loadMore() {
    if (!nextCursor.value || loadingMore.value) return;
    const mine = generation;
    loadingMore.value = true;
    error.value = null;
    try {
      const page = await api.audit(auditQuery(filters, nextCursor.value));
      if (mine !== generation) return;
      items.value = [...items.value, ...page.items];
      nextCursor.value = page.nextCursor;
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      loadingMore.value = false;
    }
  }

  function clearFilters() {
    Object.assign(filters, { actorId: '', action: '', subjectUserId: '', from: '', to: '' });
  }

  return { filters, items, nextCursor, loading, loadingMore, error, load, loadMore, clearFilters };
});
