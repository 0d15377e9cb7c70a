// What services need from the outside world, passed in explicitly so tests can supply their own.
import type { Config } from './env';
import type { RateLimits } from './limits/rate-limits';
import type { Logger } from './log';
import type { DeskEvents } from './tickets/desk-events';
import type { LoginThrottle } from './users/throttle';
import type { Presence } from './tickets/presence';
import type { SettingsStore } from './settings/settings.service';
import type { TicketRepository } from './tickets/ticket.repository';
import type { UserRepository } from './users/user.repository';

export interface Deps {
  config: Config;
  log: Logger;
  /** The clock; tests may pin it. */
  now: () => Date;
  /** The stored settings (deadlines, security, service levels), cached per server. */
  settings: SettingsStore;
  /** HMAC key shared by every instance (settings.service). */
  secret: Buffer;
  /** Every query and update of the tickets collection; professionals' reads through `tickets.forOwner(id)`. */
  tickets: TicketRepository;
  users: UserRepository;
  events: DeskEvents;
  presence: Presence;
  limits: RateLimits;
  loginThrottle: LoginThrottle;
  /**
   * This server's base URL for links it hands out (downloads): PUBLIC_URL, or its own address once
   * it listens. Never taken from a request's Host header, which the client writes.
   */
  publicUrl: string;
}
