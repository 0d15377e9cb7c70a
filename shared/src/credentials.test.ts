// Login and password rules (SPEC §2.2): login shape, the password refusals and the strength hint.

import { describe, expect, it } from 'vitest';
import {
  LOGIN_PATTERN, PASSWORD_MAX, PASSWORD_MIN, PASSWORD_PROBLEM_MESSAGES, normalizeLogin, passwordProblem,
  passwordStrength, type PasswordProblem,
} from './credentials';

/** A password of exactly `length` characters with no repetition pattern and no common-list match. */
function varied(length: number): string {
  const alphabet = 'Kq7#mZ2!vR9@xT4$wB6%';
  let out = '';
  for (let i = 0; out.length < length; i++) out += alphabet[(i * 7) % alphabet.length];
  return out;
}

describe('LOGIN_PATTERN', () => {
  it.each(['abc', 'maria.silva', 'joao_souza-2', 'a.b', '123', '...', 'a'.repeat(32), 'arq-0042.sp_x'])(
    'accepts %j',
    (login) => {
      expect(LOGIN_PATTERN.test(login)).toBe(true);
    },
  );

  it.each([
    ['too short', 'ab'],
    ['too long (33)', 'a'.repeat(33)],
    ['empty', ''],
    ['upper case (normalise first)', 'Maria'],
    ['a space', 'maria silva'],
    ['an accent', 'josé'],
    ['an at sign', 'maria@cau'],
    ['a slash', 'maria/silva'],
    ['a trailing newline', 'maria\n'],
    ['a leading space', ' maria'],
    ['a dollar sign', '$gt'],
  ])('refuses %s (%j)', (_label, login) => {
    expect(LOGIN_PATTERN.test(login)).toBe(false);
  });
});

describe('normalizeLogin', () => {
  it('lower-cases and trims', () => {
    expect(normalizeLogin('  Maria.Silva \t')).toBe('maria.silva');
    expect(normalizeLogin('JOAO_2')).toBe('joao_2');
  });

  it('is idempotent and makes case variants equal', () => {
    const once = normalizeLogin(' ArQ.Sp ');
    expect(normalizeLogin(once)).toBe(once);
    expect(normalizeLogin('ARQ.SP')).toBe(normalizeLogin('arq.sp'));
  });

  it('turns a typed login into one the pattern accepts when only case and spaces were wrong', () => {
    expect(LOGIN_PATTERN.test(normalizeLogin(' Maria.Silva '))).toBe(true);
  });
});

describe('passwordProblem: length', () => {
  it('has the limits of the spec', () => {
    expect(PASSWORD_MIN).toBe(8);
    expect(PASSWORD_MAX).toBe(128);
  });

  it.each([
    [0, 'length'],
    [1, 'length'],
    [7, 'length'],
    [8, null],
    [9, null],
    [127, null],
    [128, null],
    [129, 'length'],
    [1000, 'length'],
  ] as const)('a password of %i characters → %s', (length, expected) => {
    const password = varied(length);
    expect(password).toHaveLength(length);
    expect(passwordProblem(password, {})).toBe(expected);
  });

  it('checks the length before anything else', () => {
    expect(passwordProblem('maria', { login: 'maria' })).toBe('length');
    expect(passwordProblem('senha', {})).toBe('length');
    expect(passwordProblem('a'.repeat(129), {})).toBe('length');
  });
});

describe('passwordProblem: same as the login', () => {
  it.each([
    ['maria.silva', 'maria.silva'],
    ['maria.silva', 'Maria.Silva'],
    ['maria.silva', 'MARIA.SILVA'],
    ['Maria.Silva', 'maria.silva'],
    ['  Maria.Silva ', 'mArIa.SiLvA'],
  ])('login %j, password %j → same_as_login', (login, password) => {
    expect(passwordProblem(password, { login })).toBe('same_as_login');
  });

  it('accepts a password that merely contains the login', () => {
    expect(passwordProblem('maria.silva#2026', { login: 'maria.silva' })).toBeNull();
  });

  it('does not compare with a login that was not given', () => {
    expect(passwordProblem('maria.silva', {})).toBeNull();
    expect(passwordProblem('maria.silva', { login: '' })).toBeNull();
  });
});

describe('passwordProblem: same as the CPF', () => {
  const cpf = '52998224725';

  it.each(['52998224725', '529.982.247-25', '529 982 247 25', ' 52998224725', '529982247-25'])(
    'refuses %j as the CPF',
    (password) => {
      expect(passwordProblem(password, { cpf })).toBe('same_as_cpf');
    },
  );

  it('accepts a password that contains the CPF among other characters', () => {
    expect(passwordProblem('cpf52998224725', { cpf })).toBeNull();
    expect(passwordProblem('52998224725!', { cpf })).toBeNull();
  });

  it('accepts another CPF, a part of it, or the CPF when none was given', () => {
    expect(passwordProblem('11144477735', { cpf })).toBeNull();
    expect(passwordProblem('529982247', { cpf })).toBeNull();
    expect(passwordProblem('52998224725', {})).toBeNull();
  });
});

describe('passwordProblem: common passwords', () => {
  it.each(['12345678', 'password', 'PASSWORD', 'Password1', 'senha123', 'Senha123', 'iloveyou', 'qwerty123', 'corinthians', 'mudar@123', 'Arquitetura', 'cau12345'])(
    'refuses %j (case-insensitively) as common',
    (password) => {
      expect(passwordProblem(password, {})).toBe('common');
    },
  );

  it.each(['aaaaaaaa', 'ZZZZZZZZZZZZ', '@@@@@@@@@', '77777777777777777777', '        '])(
    'refuses one repeated character (%j) as common',
    (password) => {
      expect(passwordProblem(password, {})).toBe('common');
    },
  );

  it('does not refuse a password that only starts with a repeated run', () => {
    expect(passwordProblem('aaaaaaaab', {})).toBeNull();
  });

  it('does not refuse a common password with extra characters', () => {
    expect(passwordProblem('senha123-ladrilho', {})).toBeNull();
  });
});

describe('passwordProblem: acceptable passwords', () => {
  it.each(['Xk9#mPq2', 'correct horse battery staple', 'Arquitetura-Paulista-2026!', 'ladrilho hidráulico', varied(64)])(
    'accepts %j',
    (password) => {
      expect(passwordProblem(password, { login: 'maria.silva', cpf: '52998224725' })).toBeNull();
    },
  );
});

describe('PASSWORD_PROBLEM_MESSAGES', () => {
  it('has a pt-BR message for every problem', () => {
    const problems: PasswordProblem[] = ['length', 'same_as_login', 'same_as_cpf', 'common'];
    for (const problem of problems) expect(PASSWORD_PROBLEM_MESSAGES[problem]).toMatch(/senha/i);
    expect(PASSWORD_PROBLEM_MESSAGES.length).toContain('8');
    expect(PASSWORD_PROBLEM_MESSAGES.length).toContain('128');
    expect(PASSWORD_PROBLEM_MESSAGES.same_as_login).toContain('identificação');
    expect(PASSWORD_PROBLEM_MESSAGES.same_as_cpf).toContain('CPF');
    expect(PASSWORD_PROBLEM_MESSAGES.common).toContain('comum');
  });
});

describe('passwordStrength', () => {
  it('is 0 below the minimum length, whatever the characters', () => {
    expect(passwordStrength('')).toBe(0);
    expect(passwordStrength('aB3$eF7')).toBe(0);
  });

  it('is at least 1 for any password of the minimum length', () => {
    expect(passwordStrength('abcdefgh')).toBe(1);
    expect(passwordStrength('aaaaaaaa')).toBe(1);
  });

  it('rewards more character classes', () => {
    expect(passwordStrength('abcdefgh')).toBe(1);
    expect(passwordStrength('abcdefg1')).toBe(1);
    expect(passwordStrength('abcdeF1x')).toBe(2);
    expect(passwordStrength('abcdF1!x')).toBe(3);
  });

  it('rewards length', () => {
    expect(passwordStrength('abcdefgh1')).toBe(1);
    expect(passwordStrength('abcdefghijk1')).toBe(2);
    expect(passwordStrength('abcdefghijklmno1')).toBe(3);
  });

  it('tops out at 4', () => {
    expect(passwordStrength('Abcdefghijklmno1!')).toBe(4);
    expect(passwordStrength('Aa1!'.repeat(32))).toBe(4);
  });

  it('never drops when a character is appended', () => {
    const seeds = ['', 'a', 'abcdefg', 'abcdefgh', 'ABCDEFGHIJK', '12345678901', 'aB3$', 'palavra passe'];
    const extras = ['a', 'Z', '5', '#', ' ', 'ç'];
    for (const seed of seeds) {
      let password = seed;
      for (let i = 0; i < 20; i++) {
        const next = password + extras[i % extras.length];
        expect(passwordStrength(next), JSON.stringify(next)).toBeGreaterThanOrEqual(passwordStrength(password));
        password = next;
      }
    }
  });

  it('always returns an integer from 0 to 4', () => {
    for (const password of ['', 'x', varied(8), varied(20), varied(128), 'ç'.repeat(30)]) {
      const score = passwordStrength(password);
      expect(Number.isInteger(score)).toBe(true);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(4);
    }
  });
});
