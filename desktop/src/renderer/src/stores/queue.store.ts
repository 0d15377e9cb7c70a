// The attendants' queue: the chosen view, filters and search, its keyset-paged items, the live
// counts of every view, and the keyboard cursor. Items live in a shallowRef: with thousands of rows
// loaded, deep reactivity on each one would cost more than the list itself. Live events that carry
// their row and counts are applied in place (no refetch); events from a server that sends neither
// fall back to one quiet refresh per burst.
import type { QueueView, TicketType, Topic } from '@cau/shared';
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { api, eventSeq, isTicketEvent, messageOf, toApiError, type DeskEvent, type QueueCounts, type QueueItem, type QueueQuery } from '../api';
import { useSessionStore } from './session.store';

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

type SortKey = 'waitingSince' | 'updatedAt' | 'deadlineAt' | 'createdAt';
/** How each view orders its rows (as the server's queue does). */
const VIEW_ORDER: Record<QueueView, { key: SortKey; dir: 1 | -1 }> = {
  todo: { key: 'waitingSince', dir: 1 },
  mine: { key: 'updatedAt', dir: -1 },
  pending_professional: { key: 'deadlineAt', dir: 1 },
  awaiting_approval: { key: 'deadlineAt', dir: 1 },
  // Rows carry no closedAt; a closed ticket's last update is its closing.
  closed: { key: 'updatedAt', dir: -1 },
  all: { key: 'createdAt', dir: -1 },
};

/** Whether a ticket in this state belongs to the view (the server's view definitions). */
export function inView(view: QueueView, row: QueueItem, me: string | undefined): boolean {
  switch (view) {
    case 'todo':
      return row.status === 'open' || row.status === 'in_progress';
    case 'mine':
      return row.assignee?.id === me && row.status !== 'closed';
    case 'pending_professional':
    case 'awaiting_approval':
    case 'closed':
      return row.status === view;
    case 'all':
      return true;
  }
}

const isMine = (row: QueueItem | undefined, me: string | undefined) => Boolean(row && me && row.assignee?.id === me && row.status !== 'closed');

export const useQueueStore = defineStore('queue', () => {
  const session = useSessionStore();
  const view = ref<QueueView>('todo');
  const filters = reactive<QueueFilters>({ type: '', topic: '', assignee: '' });
  const search = ref('');
  /** 'urgency': by the service-level due date, from the server (the table's SLA column). */
  const sort = ref<'default' | 'urgency'>('default');
  const items = shallowRef<QueueItem[]>([]);
  const counts = ref<QueueCounts | null>(null);
  /** The last desk event the global counts include (from an event, or from an answer's `countsSeq`). */
  let countsSeq: number | null = null;
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  /** Rows beyond what a live refresh re-reads may be out of date: offer a reload. */
  const stale = ref(false);
  const activeIndex = ref(0);
  let generation = 0;
  let eventTimer: ReturnType<typeof setTimeout> | null = null;
  /**
   * For each page request on its way, the rows live events brought meanwhile (the latest per
   * ticket): its answer may have been read before those changes, and must not undo them.
   */
  const sinceAsked = new Set<Map<string, { row: QueueItem; seq: number | null }>>();
  /** Whether each ticket seen was mine, to keep the per-attendant 'mine' count (global counts come with events). */
  const mineBefore = new Map<string, boolean>();

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

  /**
   * A page request, with what live events change while it is on its way: `settle(page)` applies
   * those again over the answer where it may have been read before them (its counts are at an
   * earlier event, or its row is older), after the caller took the answer's rows.
   */
  async function ask(...request: Parameters<typeof api.queue>) {
    const since = new Map<string, { row: QueueItem; seq: number | null }>();
    sinceAsked.add(since);
    try {
      const page = await api.queue(...request);
      const settle = () => {
        const answered = new Map(page.items.map((i) => [i.protocol, i]));
        for (const { row, seq } of since.values()) {
          const behind = seq === null || page.countsSeq === undefined || seq > page.countsSeq;
          const mine = answered.get(row.protocol);
          if (behind && (!mine || mine.updatedAt <= row.updatedAt)) applyRow(row);
        }
      };
      return { page, settle };
    } finally {
      sinceAsked.delete(since);
    }
  }

  /** (Re)loads the first page of the current view with the current filters. */
  async function load() {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const { page, settle } = await ask(query({ limit: PAGE_SIZE }));
      if (mine !== generation) return;
      items.value = page.items;
      remember(page.items);
      takeCounts(page);
      nextCursor.value = page.nextCursor;
      stale.value = false;
      activeIndex.value = 0;
      settle();
    } catch (e) {
      if (mine === generation) error.value = messageOf(e);
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
      remember(page.items);
      takeCounts(page);
      nextCursor.value = page.nextCursor;
    } catch (e) {
      if (mine === generation) error.value = messageOf(e);
    } finally {
      loadingMore.value = false;
    }
  }

  /**
   * Brings counts and rows up to date after a change somewhere, keeping the cursor on its ticket;
   * `resync` when the live stream started over.
   */
  async function refresh(options: { background?: boolean; resync?: boolean } = {}) {
    const mine = ++generation;
    // After a resync the stream starts over (maybe on another database): the answer's counts stand.
    if (options.resync) countsSeq = null;
    const previous = active.value?.protocol ?? null;
    const loaded = items.value.length;
    try {
      if (loaded <= REFRESH_LIMIT) {
        const { page, settle } = await ask(query({ limit: Math.max(PAGE_SIZE, loaded) }), options.background);
        if (mine !== generation) return;
        items.value = page.items;
        remember(page.items);
        takeCounts(page);
        nextCursor.value = page.nextCursor;
        settle();
        keepActive(previous);
      } else {
        const page = await api.queue(query({ limit: 1 }), options.background);
        if (mine !== generation) return;
        takeCounts(page);
        stale.value = true;
      }
      error.value = null;
    } catch (e) {
      if (mine === generation && toApiError(e).reason !== 'network') error.value = messageOf(e);
    } finally {
      // A refresh supersedes a first load still in flight, so it also ends its spinner.
      if (mine === generation) loading.value = false;
    }
  }

  /** Whether global counts as of this event are older than those held (unknown: not older). */
  function behindCounts(seq: number | null): boolean {
    return seq !== null && countsSeq !== null && seq < countsSeq;
  }

  /**
   * An answer's counts, unless the desk already applied a later event's: the server answers the
   * global counts it keeps from the events it received, and the desk may get an event (on its
   * stream) before an answer counted ahead of it (a refresh right after an action). 'mine' is
   * always the answer's: it is counted for the request.
   */
  function takeCounts(page: { counts: QueueCounts; countsSeq?: number }) {
    if (behindCounts(page.countsSeq ?? null) && counts.value) {
      counts.value = { ...counts.value, mine: page.counts.mine ?? counts.value.mine };
      return;
    }
    counts.value = page.counts;
    countsSeq = page.countsSeq ?? countsSeq;
  }

  function remember(rows: readonly QueueItem[]) {
    const me = session.user?.id;
    for (const row of rows) mineBefore.set(row.protocol, isMine(row, me));
  }

  /** Whether a row fits the filters chosen (search text cannot be matched here: see applyRow). */
  function fitsFilters(row: QueueItem): boolean {
    if (filters.type && row.type !== filters.type) return false;
    if (filters.topic && row.topic !== filters.topic) return false;
    if (filters.assignee === 'none') return row.assignee === null;
    if (filters.assignee) return row.assignee?.id === (filters.assignee === 'me' ? session.user?.id : filters.assignee);
    return true;
  }

  function before(a: QueueItem, b: QueueItem): boolean {
    const { key, dir } = VIEW_ORDER[view.value];
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    // Rows without the key (no deadline) go after those with one.
    if (x === y) return a.protocol < b.protocol;
    if (!x) return false;
    if (!y) return true;
    return dir === 1 ? x < y : x > y;
  }

  /** Puts the ticket's new row where the view wants it, or takes it out of the view. */
  function applyRow(row: QueueItem) {
    const previous = active.value?.protocol ?? null;
    const rest = items.value.filter((i) => i.protocol !== row.protocol);
    const had = rest.length !== items.value.length;
    // With a search on, only rows already listed are updated: the server matches the words.
    const belongs = inView(view.value, row, session.user?.id) && fitsFilters(row) && (had || !search.value.trim());
    if (!belongs) {
      if (had) items.value = rest;
    } else {
      const at = rest.findIndex((i) => before(row, i));
      // Past the last loaded row of a view with more pages: paging will bring it in its place.
      if (at < 0 && nextCursor.value !== null) items.value = rest;
      else items.value = at < 0 ? [...rest, row] : [...rest.slice(0, at), row, ...rest.slice(at)];
    }
    keepActive(previous);
  }

  function applyCounts(row: QueueItem, next: Partial<QueueCounts>, seq: number | null) {
    const me = session.user?.id;
    const wasMine = mineBefore.get(row.protocol) ?? false;
    const nowMine = isMine(row, me);
    mineBefore.set(row.protocol, nowMine);
    if (!counts.value) return;
    const mine = Math.max(0, counts.value.mine + Number(nowMine) - Number(wasMine));
    // An answer may have brought counts that include this event already, and later ones.
    if (behindCounts(seq)) {
      counts.value = { ...counts.value, mine };
      return;
    }
    countsSeq = seq ?? countsSeq;
    const { mine: _perUser, ...global } = next;
    counts.value = { ...counts.value, ...global, mine };
  }

  /**
   * Applies a live event. Events with the ticket's row and the counts update the list in place;
   * events without them (older servers) cause one quiet refresh per burst.
   */
  function onDeskEvent(event: DeskEvent) {
    if (!isTicketEvent(event)) return;
    if (event.row && event.counts) {
      for (const since of sinceAsked) since.set(event.row.protocol, { row: event.row, seq: eventSeq(event) });
      applyRow(event.row);
      applyCounts(event.row, event.counts, eventSeq(event));
      return;
    }
    if (eventTimer) return;
    eventTimer = setTimeout(() => {
      eventTimer = null;
      void refresh({ background: true });
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
