// The queue table's columns, its client-side sort, and the personal saved views (filters + sort +
// columns), kept per user in localStorage: a view is a preference of one attendant on one machine.
import type { QueueView, TicketType, Topic } from '@cau/shared';
import { STATUS_LABELS, TOPIC_LABELS, TYPE_LABELS } from '@cau/shared';
import type { QueueItem } from '../api';

export const COLUMNS = [
  { key: 'protocol', label: 'Protocolo' },
  { key: 'subject', label: 'Assunto' },
  { key: 'professional', label: 'Profissional' },
  { key: 'type', label: 'Tipo' },
  { key: 'topic', label: 'Tema' },
  { key: 'assignee', label: 'Atendente' },
  { key: 'status', label: 'Situação' },
  { key: 'waiting', label: 'Espera/prazo' },
  { key: 'sla', label: 'SLA' },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];
export const ALL_COLUMNS: ColumnKey[] = COLUMNS.map((c) => c.key);

export interface TableSort {
  column: ColumnKey | null;
  dir: 'asc' | 'desc';
}

export interface SavedView {
  name: string;
  view: QueueView;
  filters: { type: TicketType | ''; topic: Topic | ''; assignee: string };
  search: string;
  sort: TableSort;
  columns: ColumnKey[];
}

/** What a column sorts by: text in pt-BR collation, instants as numbers. */
function sortValue(item: QueueItem, column: ColumnKey): string | number {
  switch (column) {
    case 'protocol': return item.protocol;
    case 'subject': return item.subject;
    case 'professional': return item.professional.name;
    case 'type': return TYPE_LABELS[item.type];
    case 'topic': return item.topic ? TOPIC_LABELS[item.topic] : '';
    case 'assignee': return item.assignee?.name ?? '';
    case 'status': return STATUS_LABELS[item.status];
    case 'waiting': return Date.parse(item.deadlineAt ?? item.waitingSince ?? item.createdAt);
    case 'sla':
      return item.sla ? Date.parse(item.sla.target === 'first_answer' ? item.sla.firstAnswerDueAt : item.sla.resolutionDueAt) : Number.MAX_SAFE_INTEGER;
  }
}

const collator = new Intl.Collator('pt-BR', { sensitivity: 'base', numeric: true });

export function sortItems(items: readonly QueueItem[], sort: TableSort): QueueItem[] {
  if (!sort.column) return [...items];
  const column = sort.column;
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = sortValue(a, column);
    const y = sortValue(b, column);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return sign * order || collator.compare(a.protocol, b.protocol);
  });
}

const key = (userId: string) => `cau-desk.table-views.${userId}`;

export function loadViews(userId: string, storage: Storage = localStorage): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key(userId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed.filter((v) => v && typeof v.name === 'string' && typeof v.view === 'string') as SavedView[]) : [];
  } catch {
    return [];
  }
}

/** Saves `view` under its name (replacing one of the same name); at most 30 views. */
export function saveView(userId: string, view: SavedView, storage: Storage = localStorage): SavedView[] {
  const views = [...loadViews(userId, storage).filter((v) => v.name !== view.name), view]
    .sort((a, b) => collator.compare(a.name, b.name))
    .slice(0, 30);
  storage.setItem(key(userId), JSON.stringify(views));
  return views;
}

export function removeView(userId: string, name: string, storage: Storage = localStorage): SavedView[] {
  const views = loadViews(userId, storage).filter((v) => v.name !== name);
  storage.setItem(key(userId), JSON.stringify(views));
  return views;
}

export const LAYOUT_KEY = 'cau-desk.queue-layout';
