// The tRPC client: queries and mutations over plain HTTP with the bearer token (read per call: in
// Electron a short-lived one from main), the desk's live events over SSE. The `eventsource` package lets the stream send the same Authorization header
// (the browser's EventSource cannot), so the token never goes into a URL that proxies and access
// logs keep.
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, type Operation } from '@trpc/client';
import type { AppRouter } from '@cau/server';
import { EventSource } from 'eventsource';

export type TrpcClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/** Header marking a request the person did not make (live refresh, heartbeat): it does not keep the session awake. */
export const BACKGROUND_HEADER = 'x-cau-background';

/** Operation context a call passes to be sent as a background request. */
export interface CallContext {
  background?: boolean;
  [key: string]: unknown;
}

export function authHeaders(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * Whether background calls carry the header. A server that does not list it in its CORS
 * Access-Control-Allow-Headers refuses every cross-origin request that sends it (the Electron app
 * is cross-origin): the api module then turns it off and the calls go through without it.
 */
export const backgroundHeader = { enabled: true };

export function requestHeaders(op: Pick<Operation, 'context'>, token: string | null): Record<string, string> {
  const background = (op.context as CallContext).background && backgroundHeader.enabled;
  return { ...authHeaders(token), ...(background ? { [BACKGROUND_HEADER]: '1' } : {}) };
}

export function createClient(apiBase: string, token: () => Promise<string | null>): TrpcClient {
  const url = `${apiBase.replace(/\/+$/, '')}/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          EventSource,
          // Read per connection: a reconnection after a password change carries the new token.
          eventSourceOptions: () => ({
            fetch: async (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...authHeaders(await token()) } }),
          }),
        }),
        false: httpLink({ url, headers: async ({ op }) => requestHeaders(op, await token()) }),
      }),
    ],
  });
}
