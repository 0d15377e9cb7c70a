// The desk's API errors: the client core's (@cau/client, shared with the widget), in the desk's
// words. Every failure of a call reaches the screens as an ApiError with the server's stable reason
// and pt-BR message; `messageOf(e)` is what a `catch (e)` block shows.
import { DEFAULT_ERROR_TEXTS, createErrorReader } from '@cau/client';

export { ApiError, type LastChange } from '@cau/client';

export const NETWORK_MESSAGE = DEFAULT_ERROR_TEXTS.network;

export const { answerError, messageOf, networkError, toApiError } = createErrorReader();
