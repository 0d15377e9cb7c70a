// passport-local checks the credentials at login; the API is stateless, so it is called directly
// with the login and password from the tRPC input and never touches a cookie session.
import { normalizeLogin } from '@cau/shared';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { verifyPassword } from './password';
import { UserModel, type UserDoc } from './user.model';

export type CredentialCheck = { user: UserDoc } | { user: null; reason: 'bad_credentials' | 'account_disabled' };

const authenticator = new Passport();
authenticator.use(
  new LocalStrategy({ usernameField: 'login', passwordField: 'password', session: false }, (login, password, done) => {
    UserModel.findOne({ login: normalizeLogin(login) })
      .then(async (user) => {
        const ok = await verifyPassword(user?.passwordHash ?? null, password);
        if (!user || !ok) return done(null, false, { message: 'bad_credentials' });
        if (user.disabled) return done(null, false, { message: 'account_disabled' });
        return done(null, user);
      })
      .catch(done);
  }),
);

export function checkCredentials(login: string, password: string): Promise<CredentialCheck> {
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
    middleware({ body: { login, password } }, {}, reject);
  });
}
