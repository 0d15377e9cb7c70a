// The knowledge base's collections: articles ("Perguntas frequentes") with their revision trail, the
// stamp every instance compares to know its search index is current, and the usage events the
// report aggregates (reads, suggestions shown, feedback, tickets opened after reading, empty searches).
import { KB_CONTEXTS, KB_STATUSES, ROLES, TOPICS } from '@cau/shared';
import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

const editorSchema = new Schema(
  { id: { type: Schema.Types.ObjectId, required: true }, name: { type: String, required: true }, role: { type: String, enum: ROLES, required: true } },
  { _id: false },
);

export const KB_REVISION_ACTIONS = ['created', 'edited', 'published', 'unpublished'] as const;

const revisionSchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: editorSchema, required: true },
    action: { type: String, enum: KB_REVISION_ACTIONS, required: true },
    /** Which fields changed (title, body, topic, keywords, status). */
    fields: { type: [String], default: [] },
  },
  { _id: false },
);

/** Revisions kept per article; older ones are dropped by $slice. */
export const KB_REVISIONS_KEPT = 50;

const articleSchema = new Schema({
  slug: { type: String, required: true, unique: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  topic: { type: String, enum: TOPICS, required: true },
  keywords: { type: [String], default: [] },
  status: { type: String, enum: KB_STATUSES, required: true, index: true },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
  updatedBy: { type: editorSchema, required: true },
  publishedAt: { type: Date, default: null },
  revisions: { type: [revisionSchema], default: [] },
});
export type KbArticle = InferSchemaType<typeof articleSchema> & { _id: Types.ObjectId };
export const KbArticleModel = model('KbArticle', articleSchema, 'kbarticles');

/**
 * One document, `_id: 'index'`: `stamp` changes (a fresh ObjectId) after every write to an article,
 * after the article itself is written. An instance whose index was built from an older stamp rebuilds.
 */
const stateSchema = new Schema({ _id: { type: String, required: true }, stamp: { type: Schema.Types.ObjectId, required: true } });
export const KbStateModel = model('KbState', stateSchema, 'kbstate');

export const KB_EVENT_KINDS = ['viewed', 'suggested', 'helped', 'not_helped', 'ticket_opened', 'search_empty'] as const;
export type KbEventKind = (typeof KB_EVENT_KINDS)[number];

const eventSchema = new Schema({
  at: { type: Date, required: true },
  kind: { type: String, enum: KB_EVENT_KINDS, required: true },
  slug: { type: String, default: null },
  context: { type: String, enum: [...KB_CONTEXTS, null], default: null },
  /** For search_empty: the query as normalised for the report (lower case, single spaces). */
  query: { type: String, default: null },
  /** For ticket_opened: the ticket's protocol, so one ticket read after several articles counts once. */
  protocol: { type: String, default: null },
});
eventSchema.index({ at: 1, kind: 1 });
// Usage figures are kept for 13 months: enough for a year-on-year report, no longer.
eventSchema.index({ at: 1 }, { expireAfterSeconds: 400 * 24 * 3600, name: 'at_ttl' });
export const KbEventModel = model('KbEvent', eventSchema, 'kbevents');
