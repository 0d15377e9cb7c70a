// The audit trail as admins read it: newest first, filtered by who, what and when, keyset-paged.
import { Types, type FilterQuery } from 'mongoose';
import { DomainError } from '../errors';
import { AuditModel } from './audit.model';

export interface AuditQuery {
  actorId?: string;
  action?: string;
  subjectUserId?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit?: number;
}

export async function listAudit(query: AuditQuery) {
  const filter: FilterQuery<unknown> = {};
  if (query.actorId) filter['actor.id'] = new Types.ObjectId(query.actorId);
  if (query.subjectUserId) filter['subject.userId'] = new Types.ObjectId(query.subjectUserId);
  if (query.action) filter.action = query.action;
  if (query.from || query.to) filter.at = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
  if (query.cursor) {
    if (!/^[a-f0-9]{24}$/.test(query.cursor)) throw new DomainError('invalid_input', 'Cursor inválido.');
    filter._id = { $lt: new Types.ObjectId(query.cursor) };
  }
  const limit = query.limit ?? 50;
  const rows = await AuditModel.find(filter).sort({ _id: -1 }).limit(limit + 1).lean();
  const items = rows.slice(0, limit).map((r) => ({
    id: String(r._id),
    at: r.at.toISOString(),
    actor: { id: String(r.actor!.id), role: r.actor!.role, name: r.actor!.name },
    action: r.action,
    subject: { userId: r.subject?.userId ? String(r.subject.userId) : null, protocol: r.subject?.protocol ?? null },
    ip: r.ip ?? null,
    ...(r.changes?.length ? { changes: r.changes.map((c) => ({ field: c.field ?? '', before: c.before ?? '', after: c.after ?? '' })) } : {}),
  }));
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}
