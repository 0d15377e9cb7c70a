import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './format';
import { groupSecret, normalizeMfaCode, normalizeTotp, recoveryCodesText, svgDataUrl } from './mfa';

describe('two-step verification helpers', () => {
  it.each([
    ['123456', '123456'],
    [' 123 456 ', '123456'],
    ['abcd-efgh', 'ABCD-EFGH'],
    ['ABCDEFGH', 'ABCDEFGH'],
    ['12345', null],
    ['1234567', null],
    ['ABC-DEFGH', null],
    ['', null],
  ])('reads %j as %j', (typed, code) => expect(normalizeMfaCode(typed)).toBe(code));

  it('takes only 6-digit codes to confirm an enrolment', () => {
    expect(normalizeTotp('654 321')).toBe('654321');
    expect(normalizeTotp('ABCD-EFGH')).toBeNull();
  });

  it('shows the secret in groups of four', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('ABCDEF')).toBe('ABCD EF');
  });

  it("turns the server's SVG into an image URL, and refuses anything that is not an SVG", () => {
    const url = svgDataUrl('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><path d="M0 0h1"/></svg>');
    expect(url).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3C%3Fxml/);
    expect(decodeURIComponent(url!.split(',')[1]!)).toContain('<path d="M0 0h1"/>');
    expect(svgDataUrl('<img src=x onerror=alert(1)>')).toBeNull();
    expect(svgDataUrl('javascript:alert(1)')).toBeNull();
  });

  it('writes the recovery codes as a file that says what they are', () => {
    const text = recoveryCodesText(['AAAA-BBBB', 'CCCC-DDDD'], 'bruno', new Date('2026-03-02T12:00:00Z'));
    expect(text).toContain('Conta: bruno');
    expect(text).toContain('AAAA-BBBB\nCCCC-DDDD');
    expect(text).toMatch(/vale uma única vez/);
  });
});

describe('devices of a session', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36', 'Chrome no Windows'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) atendimento-causp/0.1.0 Chrome/140.0 Electron/40.1.0 Safari/537.36', 'Aplicativo do atendimento no Linux'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Safari no macOS'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox no Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Edg/140.0', 'Edge no Windows'],
    ['node', 'Programa'],
    [null, 'Dispositivo desconhecido'],
  ])('%s → %s', (ua, text) => expect(describeUserAgent(ua)).toBe(text));
});
