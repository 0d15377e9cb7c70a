// Login and password rules for professionals and staff (SPEC §2.2).

export const LOGIN_PATTERN = /^[a-z0-9._-]{3,32}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Logins are case-insensitive: they are stored and compared lower-cased and trimmed. */
export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

// The most common passwords of public breach lists that satisfy the length rule, plus local favourites.
const COMMON_PASSWORDS = new Set([
  '12345678', '123456789', '1234567890', '12345678910', '87654321', '11111111', '00000000', '88888888',
  '99999999', '12341234', '11223344', '123123123', '147258369', '159753456', 'password', 'password1',
  'password123', 'passw0rd', 'iloveyou', 'qwertyuiop', 'qwerty123', 'qwerty12', '1q2w3e4r', '1qaz2wsx',
  'zaq12wsx', 'abcd1234', 'abc12345', 'a1b2c3d4', 'aa123456', 'sunshine', 'princess', 'football',
  'baseball', 'welcome1', 'welcome123', 'trustno1', 'superman', 'starwars', 'whatever', 'computer',
  'michelle', 'jennifer', 'corinthians', 'palmeiras', 'flamengo', 'saopaulo', 'santos123', 'brasil123',
  'senha123', 'senha1234', 'senha12345', 'minhasenha', 'mudar123', 'mudar@123', 'alterar123', 'admin123',
  'administrador', 'cau12345', 'causp123', 'arquiteto', 'arquitetura', 'arquiteta', 'urbanismo', 'siccau123',
  'gabriel1', 'mariana1', 'beatriz1', 'fernanda', 'carolina', 'juliana1', 'rodrigo1', 'ricardo1',
  'qwerty1234', 'asdfghjkl', 'asdf1234', 'zxcvbnm1', 'letmein1', 'changeme', 'default1', 'master123',
]);

export type PasswordProblem = 'length' | 'same_as_login' | 'same_as_cpf' | 'common';

/** Returns why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: { login?: string; cpf?: string }): PasswordProblem | null {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) return 'length';
  const lower = password.toLowerCase();
  if (context.login && lower === normalizeLogin(context.login)) return 'same_as_login';
  if (context.cpf && password.replace(/\D/g, '') === context.cpf && /^[\d.\- ]+$/.test(password)) return 'same_as_cpf';
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) return 'common';
  return null;
}

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  length: `A senha deve ter entre ${PASSWORD_MIN} e ${PASSWORD_MAX} caracteres.`,
  same_as_login: 'A senha não pode ser igual à identificação (login).',
  same_as_cpf: 'A senha não pode ser o seu CPF.',
  common: 'Essa senha é muito comum e fácil de adivinhar. Escolha outra.',
};

/** A rough 0–4 strength score for the strength hint in the signup form. */
export function passwordStrength(password: string): 0 | 1 | 2 | 3 | 4 {
  if (password.length < PASSWORD_MIN) return 0;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const score = (password.length >= 12 ? 1 : 0) + (password.length >= 16 ? 1 : 0) + Math.max(0, classes - 1);
  return Math.min(4, Math.max(1, score)) as 1 | 2 | 3 | 4;
}
