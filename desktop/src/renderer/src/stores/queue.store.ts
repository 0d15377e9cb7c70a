// The attendants' queue: the chosen view, filters and search, its keyset-paged items, the live
// counts of every view, and the keyboard cursor. Items live in a shallowRef: with thousands of rows
// loaded, deep reactivity on each one would cost more than the list itself.
import type { QueueView, TicketType, Topic } from '@cau/shared';
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { ApiError, api, type DeskEvent, type QueueCounts, type QueueItem, type QueueQuery } from '../api';

export const PAGE_SIZE = 50;
/** Up to this many loaded rows, a live change re-reads them all in one call (the API's page limit). */
export const REFRESH_LIMIT = 100;
const EVENT_DEBOUNCE_MS = 250;

export interface QueueFilters {
  type: TicketType | '';
  topic: Topic | '';
  /** An attendant's id, `me`, `none`, or '' for anyone. */
  assignee: string;
}

export const useQueueStore = defineStore('queue', () => {
  const view = ref<QueueView>('todo');
  const filters = reactive<QueueFilters>({ type: '', topic: '', assignee: '' });
  const search = ref('');
  /** 'urgency': by the service-level due date, from the server (the table's SLA column). */
  const sort = ref<'default' | 'urgency'>('default');
  const items = shallowRef<QueueItem[]>([]);
  const counts = ref<QueueCounts | null>(null);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  /** Rows beyond what a live refresh re-reads may be out of date: offer a reload. */
  const stale = ref(false);
  const activeIndex = ref(0);
  let generation = 0;
  let eventTimer: ReturnType<typeof setTimeout> | null = null;

  const active = computed<QueueItem | null>(() => items.value[activeIndex.value] ?? null);
  const hasMore = computed(() => nextCursor.value !== null);
  const filtered = computed(() => Boolean(filters.type || filters.topic || filters.assignee || search.value.trim()));

  function query(extra: Partial<QueueQuery> = {}): QueueQuery {
    const text = search.value.trim();
    return {
      view: view.value,
      ...(filters.type ? { type: filters.type } : {}),
      ...(filters.topic ? { topic: filters.topic } : {}),
      ...(filters.assignee ? { assignee: filters.assignee } : {}),
      ...(text ? { search: text } : {}),
      ...(sort.value === 'urgency' ? { sort: 'urgency' as const } : {}),
      ...extra,
    };
  }

  function keepActive(previous: string | null) {
    const index = previous ? items.value.findIndex((i) => i.protocol === previous) : -1;
    activeIndex.value = index >= 0 ? index : Math.min(activeIndex.value, Math.max(items.value.length - 1, 0));
  }

  /** (Re)loads the first page of the current view with the current filters. */
  async function load() {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await api.queue(query({ limit: PAGE_SIZE }));
      if (mine !== generation) return;
      items.value = page.items;
      counts.value = page.counts;
      nextCursor.value = page.nextCursor;
      stale.value = false;
      activeIndex.value = 0;
    } catch (e) {
      if (mine === generation) error.value = (e as ApiError).message;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function loadMore() {
    if (!nextCursor.value || loadingMore.value || loading.value) return;
    const mine = generation;
    loadingMore.value = true;
    try {
      const page = await api.queue(query({ cursor: nextCursor.value, limit: PAGE_SIZE }));
      if (mine !== generation) return;
      const known = new Set(items.value.map((i) => i.protocol));
      items.value = items.value.concat(page.items.filter((i) => !known.has(i.protocol)));
      counts.value = page.counts;
      nextCursor.value = page.nextCursor;
    } catch (e) {
      if (mine === generation) error.value = (e as ApiError).message;
    } finally {
      loadingMore.value = false;
    }
  }

  /** Brings counts and rows up to date after a change somewhere, keeping the cursor on its ticket. */
  async function refresh() {
    const mine = ++generation;
    const previous = active.value?.protocol ?? null;
    const loaded = items.value.length;
    try {
      if (loaded <= REFRESH_LIMIT) {
        const page = await api.queue(query({ limit: Math.max(PAGE_SIZE, loaded) }));
        if (mine !== generation) return;
        items.value = page.items;
        counts.value = page.counts;
        nextCursor.value = page.nextCursor;
        keepActive(previous);
      } else {
        const page = await api.queue(query({ limit: 1 }));
        if (mine !== generation) return;
        counts.value = page.counts;
        stale.value = true;
      }
      error.value = null;
    } catch (e) {
      if (mine === generation && (e as ApiError).reason !== 'network') error.value = (e as ApiError).message;
    } finally {
      // A refresh supersedes a first load still in flight, so it also ends its spinner.
      if (mine === generation) loading.value = false;
    }
  }

  /** Live events arrive in bursts (a change publishes two): one refresh per burst. */
  function onDeskEvent(_event: DeskEvent) {
    if (eventTimer) return;
    eventTimer = setTimeout(() => {
      eventTimer = null;
      void refresh();
    }, EVENT_DEBOUNCE_MS);
  }

  function setView(next: QueueView) {
    if (next === view.value && (items.value.length > 0 || loading.value)) return;
    view.value = next;
    items.value = [];
    nextCursor.value = null;
    void load();
  }

  function setFilters(next: Partial<QueueFilters>) {
    Object.assign(filters, next);
    void load();
  }

  function setSearch(text: string) {
    if (text.trim() === search.value.trim()) {
      search.value = text;
      return;
    }
    search.value = text;
    void load();
  }

  function setSort(next: 'default' | 'urgency') {
    if (next === sort.value) return;
    sort.value = next;
    void load();
  }

  function clearFilters() {
    Object.assign(filters, { type: '', topic: '', assignee: '' });
    search.value = '';
    void load();
  }

  function move(delta: number) {
    if (items.value.length === 0) return;
    activeIndex.value = Math.min(Math.max(activeIndex.value + delta, 0), items.value.length - 1);
    // Walking off the loaded end fetches the next page, so j keeps going through the whole view.
    if (activeIndex.value >= items.value.length - 5) void loadMore();
  }

  function setActive(protocol: string) {
    const index = items.value.findIndex((i) => i.protocol === protocol);
    if (index >= 0) activeIndex.value = index;
  }

  return {
    view, filters, search, sort, setSort, items, counts, nextCursor, loading, loadingMore, error, stale, activeIndex,
    active, hasMore, filtered,
    load, loadMore, refresh, onDeskEvent, setView, setFilters, setSearch, clearFilters, move, setActive,
  };
});
