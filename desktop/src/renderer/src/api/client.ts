// The tRPC client: queries and mutations over plain HTTP with the bearer token, the desk's live
// events over SSE (EventSource cannot send headers, so the token goes as a connection param).
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '@cau/server';

export type TrpcClient = ReturnType<typeof createTRPCClient<AppRouter>>;

export function createClient(apiBase: string, token: () => string | null): TrpcClient {
  const url = `${apiBase.replace(/\/+$/, '')}/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          connectionParams: () => {
            const current = token();
            return current ? { token: current } : null;
          },
        }),
        false: httpLink({
          url,
          headers: () => {
            const current = token();
            return current ? { authorization: `Bearer ${current}` } : {};
          },
        }),
      }),
    ],
  });
}
