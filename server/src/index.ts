// What other workspaces may import from the server: its router type (clients) and, for tests and
// tools, the composition root.
export type { AppRouter } from './trpc/app.router';
export { startServer, type RunningServer } from './server';
export { loadConfig, type Config } from './env';
export { callerAs } from './trpc/caller';
export { expireOverdue, queueReminders } from './tickets/expiry.service';
export { removeOrphans } from './attachments/attachments.service';
export { signToken } from './tokens';
export { createDeskEvents, DeskEventModel, LeaseModel, type DeskEvents } from './tickets/desk-events';
export { eventIdOfSeq, seqOfEventId } from '@cau/shared';
export { backfillProfessionalTokens } from './users/professionals.service';
