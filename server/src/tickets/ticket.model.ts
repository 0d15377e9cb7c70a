// Tickets ("chamados"): the thread, the internal notes, the history and the lifecycle fields.
// `version` increases on every write; status changes are conditional on it (see ticket.repository).
import { OUTCOMES, STORED_CLOSE_REASONS, ROLES, STATUSES, TICKET_EVENTS, TICKET_TYPES, TOPICS } from '@cau/shared';
import { Schema, model, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { outboxEntrySchema } from '../mail/outbox.schema';

const personSchema = new Schema(
  { id: { type: Schema.Types.ObjectId, default: null }, name: { type: String, required: true }, role: { type: String, enum: [...ROLES, 'system'], required: true } },
  { _id: false },
);

const attachmentRefSchema = new Schema(
  { id: { type: Schema.Types.ObjectId, required: true }, name: String, size: Number, contentType: String },
  { _id: false },
);

const messageSchema = new Schema({
  author: { type: personSchema, required: true },
  body: { type: String, required: true },
  attachments: { type: [attachmentRefSchema], default: [] },
  at: { type: Date, required: true },
});

const historySchema = new Schema(
  {
    at: { type: Date, required: true },
    actor: { type: personSchema, required: true },
    event: { type: String, enum: TICKET_EVENTS, required: true },
    from: { type: String, enum: [...STATUSES, null], default: null },
    to: { type: String, enum: STATUSES, required: true },
    messageId: { type: Schema.Types.ObjectId, default: null },
    /** For `take` and `assign`: to whom the ticket went. */
    assignee: { type: new Schema({ id: { type: Schema.Types.ObjectId, required: true }, name: String }, { _id: false }), default: undefined },
    /** For `close`: why the ticket was closed (an attendant's reason, or the system's). */
    reason: { type: String, enum: STORED_CLOSE_REASONS, default: undefined },
  },
  { _id: false },
);

/**
 * A live event waiting to be relayed to `deskevents` (desk-events.ts). It is pushed in the same
 * conditional update as the change that caused it, so a crash cannot separate the two; the relay
 * gives it its place in the sequence and then pulls it from here. `row` is the ticket's desk.queue
 * row after the change, computed by the writer from what it wrote.
 */
const liveEntrySchema = new Schema({
  kind: { type: String, required: true },
  event: { type: String, required: true },
  at: { type: Date, required: true },
  /** The status before and after the change (the relay keeps the counts from these). */
  from: { type: String, default: null },
  status: { type: String, required: true },
  actor: { type: personSchema, required: true },
  assigneeId: { type: String, default: null },
  /** The assignee before the change: with `from`, which attendants' open-ticket counts it moved. */
  fromAssigneeId: { type: String },
  /** Whether the assignee changed (alerts are cleared for everyone else). */
  assigneeChanged: { type: Boolean, default: false },
  row: { type: Schema.Types.Mixed, required: true },
});

const ticketSchema = new Schema({
  protocol: { type: String, required: true, unique: true },
  professional: {
    type: new Schema(
      {
        id: { type: Schema.Types.ObjectId, required: true },
        name: { type: String, required: true },
        cpf: { type: String, required: true },
        email: { type: String, required: true },
      },
      { _id: false },
    ),
    required: true,
  },
  type: { type: String, enum: TICKET_TYPES, required: true },
  topic: { type: String, enum: [...TOPICS, null], default: null },
  rrtNumber: { type: String, default: null },
  annuityYear: { type: Number, default: null },
  relatedProtocol: { type: String, default: null },
  /** Set when an attendant closed this ticket as a duplicate of that protocol (SPEC §9). */
  duplicateOf: { type: String, default: null },
  /** The protocols closed as duplicates of this one. */
  duplicates: { type: [String], default: [] },
  subject: { type: String, required: true },
  description: { type: String, required: true },
  /** The files sent with the description. */
  attachments: { type: [attachmentRefSchema], default: [] },
  status: { type: String, enum: STATUSES, required: true },
  outcome: { type: String, enum: [...OUTCOMES, null], default: null },
  closeReason: { type: String, enum: [...STORED_CLOSE_REASONS, null], default: null },
  rating: { type: Number, default: null },
  ratingComment: { type: String, default: null },
  deadlineAt: { type: Date, default: null },
  reminderFor: { type: Date, default: null },
  assignee: { type: new Schema({ id: { type: Schema.Types.ObjectId, required: true }, name: String }, { _id: false }), default: null },
  answered: { type: Boolean, default: false },
  waitingSince: { type: Date, default: null },
  firstResponseAt: { type: Date, default: null },
  closedAt: { type: Date, default: null },
  /** The resolution clock (SPEC §9, docs/decisions.md): time it stood still in ended waits on the professional. */
  slaPausedMs: { type: Number, default: 0 },
  /** Since when it stands still now (the ticket waits on the professional), else null. */
  slaPausedSince: { type: Date, default: null },
  messages: { type: [messageSchema], default: [] },
  notes: { type: [messageSchema], default: [] },
  history: { type: [historySchema], default: [] },
  // Private bookkeeping, never shown: left out of every read unless the reader names them (the
  // mail relay reads `outbox` through the driver, the desk-events relay selects `liveOutbox`).
  outbox: { type: [outboxEntrySchema], default: [], select: false },
  liveOutbox: { type: [liveEntrySchema], default: [], select: false },
  /** Lower-cased, accent-free words of protocol, subject and name: the desk's prefix search ($text is not everywhere). */
  searchTokens: { type: [String], default: [] },
  version: { type: Number, required: true, default: 0 },
  /**
   * `<professional id>:<client key>` when the create carried an idempotency key (SPEC §11); absent
   * otherwise. Unique, so two concurrent creates with one key cannot both insert.
   */
  idempotencyKey: { type: String },
  /** Characters of message text stored on the ticket (thread and notes), for the per-ticket cap. */
  textLength: { type: Number, default: 0 },
  /**
   * Set (a fresh id) by every write that may change a report figure, cleared by the report roll-up
   * once it has recounted the ticket's day (tickets/report-rollup.ts). Never shown.
   */
  reportStale: { type: Schema.Types.ObjectId, select: false },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
});

// One index per query the API and the jobs make (see tickets.service and queue.service).
ticketSchema.index({ 'professional.id': 1, updatedAt: -1, _id: -1 });
ticketSchema.index({ 'professional.id': 1, status: 1, updatedAt: -1, _id: -1 });
ticketSchema.index({ status: 1, waitingSince: 1, _id: 1 });
ticketSchema.index({ status: 1, deadlineAt: 1, _id: 1 });
ticketSchema.index({ status: 1, closedAt: -1, _id: -1 });
ticketSchema.index({ createdAt: -1, _id: -1 });
ticketSchema.index({ 'assignee.id': 1, status: 1, updatedAt: -1, _id: -1 });
ticketSchema.index({ 'professional.cpf': 1 });
// The service-level urgency order of "A atender" reads each (status, type) group oldest first.
ticketSchema.index({ status: 1, type: 1, firstResponseAt: 1, createdAt: 1, _id: 1 });
ticketSchema.index({ searchTokens: 1 });
ticketSchema.index({ 'outbox.status': 1, 'outbox.nextAttemptAt': 1 });
ticketSchema.index({ 'attachments.id': 1 });
// Only tickets with live events waiting carry `liveOutbox.at`: the relay's scan reads just those.
ticketSchema.index({ 'liveOutbox.at': 1 }, { sparse: true });
ticketSchema.index({ 'messages.attachments.id': 1 });
ticketSchema.index({ 'notes.attachments.id': 1 });
ticketSchema.index({ idempotencyKey: 1 }, { unique: true, sparse: true });
// Only tickets changed since the report roll-up last counted them carry `reportStale`.
ticketSchema.index({ reportStale: 1 }, { sparse: true });

export type Ticket = InferSchemaType<typeof ticketSchema>;
export type TicketDoc = HydratedDocument<Ticket>;
export const TicketModel = model('Ticket', ticketSchema);

/** Yearly sequences behind the human-readable protocol numbers (`2026-000042`). */
const counterSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true } });
export const CounterModel = model('Counter', counterSchema);
