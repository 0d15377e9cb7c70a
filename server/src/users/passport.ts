// passport-local checks the credentials at login; the API is stateless, so it is called directly
// with the login and password from the tRPC input and never touches a cookie session.
// A login may name one professional and one staff account (separate realms, user.model.ts): the
// password decides which one signs in; if it fits both, the professional account (least privilege).
import { normalizeLogin } from '@cau/shared';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { verifyPassword } from './password';
import type { UserDoc } from './user.model';
import type { UserRepository } from './user.repository';

export type CredentialCheck = { user: UserDoc } | { user: null; reason: 'bad_credentials' | 'account_disabled' };

const authenticator = new Passport();
authenticator.use(
  new LocalStrategy({ usernameField: 'login', passwordField: 'password', session: false, passReqToCallback: true }, (req, login, password, done) => {
    (req as unknown as { users: UserRepository }).users.forLogin(normalizeLogin(login))
      .then(async (found) => {
        // Professionals first; with no account at all, one dummy check keeps the timing alike.
        const candidates = found.sort((a, b) => Number(b.realm === 'professional') - Number(a.realm === 'professional'));
        if (candidates.length === 0) await verifyPassword(null, password);
        for (const user of candidates) {
          if (!(await verifyPassword(user.passwordHash, password))) continue;
          if (user.disabled) return done(null, false, { message: 'account_disabled' });
          return done(null, user);
        }
        return done(null, false, { message: 'bad_credentials' });
      })
      .catch(done);
  }),
);

/** `users` travels on the request passport hands to the strategy: the one thing it reads. */
export function checkCredentials(users: UserRepository, login: string, password: string): Promise<CredentialCheck> {
  return new Promise((resolve, reject) => {
    const middleware = authenticator.authenticate(
      'local',
      { session: false },
      (error: unknown, user: UserDoc | false, info?: { message?: string }) => {
        if (error) return reject(error);
        if (user) return resolve({ user });
        resolve({ user: null, reason: info?.message === 'account_disabled' ? 'account_disabled' : 'bad_credentials' });
      },
    );
    middleware({ body: { login, password }, users }, {}, reject);
  });
}
