// The one error type of every API call: the client core's (@cau/client, shared with the desk), in
// the widget's words: the server's `data.reason`, its pt-BR message and its field messages, a wait
// in whole minutes for `too_many_attempts`; `network` when the server could not be reached at all.
import { createErrorReader, type ServerErrorData } from '@cau/client';
import { msg } from '../messages';

export { ApiError, type ErrorReason } from '@cau/client';

/** What an answer read without tRPC (an upload) carries. */
export type ErrorData = Partial<Pick<ServerErrorData, 'fields' | 'httpStatus' | 'retryAfter'>> & { reason?: string };

export const { answerError, networkError, toApiError } = createErrorReader({
  network: msg.app.networkError,
  tooManyAttempts: msg.app.tooManyAttempts,
});
