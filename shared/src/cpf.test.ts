// CPF rules (SPEC §2.1): check digits, accepted shapes, display for the owner and masking for staff.

import { describe, expect, it } from 'vitest';
import { completeCpf, formatCpf, formatCpfPartial, isValidCpfDigits, maskCpf, normalizeCpf, parseCpf } from './cpf';

/** An independent implementation of the Receita Federal check-digit rule, to cross-check the module. */
function referenceCheckDigits(nine: string): string {
  const digit = (base: string) => {
    const weightStart = base.length + 1;
    const sum = [...base].reduce((acc, ch, i) => acc + Number(ch) * (weightStart - i), 0);
    const rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  const first = digit(nine);
  const second = digit(nine + String(first));
  return `${first}${second}`;
}

const VALID = [
  { digits: '52998224725', formatted: '529.982.247-25', masked: '***.982.247-**' },
  { digits: '11144477735', formatted: '111.444.777-35', masked: '***.444.777-**' },
  { digits: '12345678909', formatted: '123.456.789-09', masked: '***.456.789-**' },
  // First check digit 0 (the "rest 10 → 0" and "rest < 2 → 0" branch) and a second digit 0.
  { digits: '39053344705', formatted: '390.533.447-05', masked: '***.533.447-**' },
  { digits: '00000000191', formatted: '000.000.001-91', masked: '***.000.001-**' },
] as const;

describe('reference data', () => {
  it.each(VALID)('$formatted has the check digits of the reference rule', ({ digits }) => {
    expect(referenceCheckDigits(digits.slice(0, 9))).toBe(digits.slice(9));
  });
});

describe('parseCpf', () => {
  it.each(VALID)('accepts $digits without punctuation', ({ digits }) => {
    expect(parseCpf(digits)).toBe(digits);
  });

  it.each(VALID)('accepts $formatted with punctuation and returns the 11 digits', ({ digits, formatted }) => {
    expect(parseCpf(formatted)).toBe(digits);
  });

  it('ignores surrounding whitespace', () => {
    expect(parseCpf('  529.982.247-25 \n')).toBe('52998224725');
    expect(parseCpf('\t52998224725 ')).toBe('52998224725');
  });

  it.each(VALID)('refuses $formatted with any other first or second check digit', ({ digits }) => {
    for (const position of [9, 10]) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === digits[position]) continue;
        const wrong = digits.slice(0, position) + String(d) + digits.slice(position + 1);
        expect(parseCpf(wrong), wrong).toBeNull();
        expect(parseCpf(formatCpf(wrong)), formatCpf(wrong)).toBeNull();
      }
    }
  });

  it('refuses a valid CPF with two digits swapped in its body', () => {
    expect(parseCpf('25998224725')).toBeNull();
    expect(parseCpf('529.982.274-25')).toBeNull();
  });

  it.each([...'0123456789'])('refuses the CPF made of eleven %s digits', (d) => {
    const digits = d.repeat(11);
    // Every one of them passes the arithmetic; the rule has to refuse them explicitly.
    expect(referenceCheckDigits(digits.slice(0, 9))).toBe(digits.slice(9));
    expect(parseCpf(digits)).toBeNull();
    expect(parseCpf(formatCpf(digits))).toBeNull();
    expect(isValidCpfDigits(digits)).toBe(false);
  });

  it.each([
    ['10 digits', '5299822472'],
    ['12 digits', '529982247250'],
    ['empty', ''],
    ['only spaces', '   '],
    ['a letter among the digits', '52998224a25'],
    ['letters', 'abc.def.ghi-jk'],
    ['hyphen only before the check digits', '529982247-25'],
    ['dots only', '529.982.247.25'],
    ['dots without the hyphen', '529.982.24725'],
    ['punctuation in the wrong places', '52.998.224-725'],
    ['spaces as separators', '529 982 247 25'],
    ['slashes as separators', '529/982/247-25'],
    ['an inner space', '529.982. 247-25'],
    ['a formatted CPF with an extra digit', '529.982.247-255'],
    ['full-width digits', '５２９９８２２４７２５'],
    ['a sign in front', '+52998224725'],
  ])('refuses %s (%j)', (_label, input) => {
    expect(parseCpf(input)).toBeNull();
  });
});

describe('normalizeCpf', () => {
  it('returns the digits of the two accepted shapes, without checking the digits', () => {
    expect(normalizeCpf('123.456.789-00')).toBe('12345678900');
    expect(normalizeCpf('12345678900')).toBe('12345678900');
  });

  it('refuses any other shape', () => {
    expect(normalizeCpf('529982247-25')).toBeNull();
    expect(normalizeCpf('1234567890')).toBeNull();
  });
});

describe('isValidCpfDigits', () => {
  it('only takes 11 bare digits', () => {
    expect(isValidCpfDigits('52998224725')).toBe(true);
    expect(isValidCpfDigits('529.982.247-25')).toBe(false);
    expect(isValidCpfDigits('5299822472')).toBe(false);
  });

  it('agrees with the reference rule over a spread of bodies', () => {
    for (let i = 0; i < 2000; i++) {
      const nine = String((i * 7_919_993 + 12_345) % 1_000_000_000).padStart(9, '0');
      const digits = nine + referenceCheckDigits(nine);
      const repeated = /^(\d)\1{10}$/.test(digits);
      expect(isValidCpfDigits(digits), digits).toBe(!repeated);
      const off = nine + referenceCheckDigits(nine)[0] + String((Number(digits[10]) + 1) % 10);
      expect(isValidCpfDigits(off), off).toBe(false);
    }
  });
});

describe('formatCpf', () => {
  it.each(VALID)('shows $digits to its owner as $formatted', ({ digits, formatted }) => {
    expect(formatCpf(digits)).toBe(formatted);
  });

  it('round-trips with parseCpf', () => {
    for (const { digits } of VALID) expect(parseCpf(formatCpf(digits))).toBe(digits);
  });

  it('leaves a value that is not 11 digits unchanged', () => {
    expect(formatCpf('1234567890')).toBe('1234567890');
    expect(formatCpf('123.456.789-09')).toBe('123.456.789-09');
  });
});

describe('maskCpf', () => {
  it('hides the first three and the check digits: ***.456.789-**', () => {
    expect(maskCpf('12345678909')).toBe('***.456.789-**');
  });

  it.each(VALID)('masks $digits as $masked', ({ digits, masked }) => {
    const shown = maskCpf(digits);
    expect(shown).toBe(masked);
    expect(shown).toMatch(/^\*{3}\.\d{3}\.\d{3}-\*{2}$/);
    expect(shown.slice(4, 11).replace('.', '')).toBe(digits.slice(3, 9));
  });

  it('never echoes a value that is not 11 digits in a recognisable masked form', () => {
    expect(maskCpf('1234567890')).not.toMatch(/^\*\*\*\./);
  });
});

describe('formatCpfPartial', () => {
  it.each([
    ['', ''],
    ['1', '1'],
    ['12', '12'],
    ['123', '123'],
    ['1234', '123.4'],
    ['123456', '123.456'],
    ['1234567', '123.456.7'],
    ['123456789', '123.456.789'],
    ['1234567890', '123.456.789-0'],
    ['12345678909', '123.456.789-09'],
  ])('formats %j as %j while typing', (typed, shown) => {
    expect(formatCpfPartial(typed)).toBe(shown);
  });

  it('drops whatever is not a digit, so re-formatting its own output is stable', () => {
    expect(formatCpfPartial('123.45')).toBe('123.45');
    expect(formatCpfPartial('123.456.7')).toBe('123.456.7');
    expect(formatCpfPartial('abc1d2e3')).toBe('123');
    for (let n = 0; n <= 11; n++) {
      const once = formatCpfPartial('12345678909'.slice(0, n));
      expect(formatCpfPartial(once)).toBe(once);
    }
  });

  it('stops at 11 digits', () => {
    expect(formatCpfPartial('1234567890999')).toBe('123.456.789-09');
  });

  it('produces, once complete, a shape parseCpf accepts', () => {
    expect(parseCpf(formatCpfPartial('52998224725'))).toBe('52998224725');
  });
});

describe('completeCpf', () => {
  it.each(VALID)('completes the base of $formatted', ({ digits }) => {
    expect(completeCpf(digits.slice(0, 9))).toBe(digits);
  });

  it('agrees with the reference rule and yields CPFs that parse', () => {
    for (let i = 1; i < 500; i++) {
      const nine = String((i * 104_729 + 7) % 1_000_000_000).padStart(9, '0');
      const full = completeCpf(nine);
      expect(full).toBe(nine + referenceCheckDigits(nine));
      if (!/^(\d)\1{10}$/.test(full)) expect(parseCpf(formatCpf(full))).toBe(full);
    }
  });
});
