// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isAppUrl, originOf } from './security';

const directives = (policy: string) =>
  Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe('isAppUrl', () => {
  it.each([
    ['app://desk/index.html', null, true],
    ['app://desk/assets/index-abc.js', null, true],
    ['app://desk.evil/index.html', null, false],
    ['app://other/index.html', null, false],
    ['file:///app/out/renderer/index.html', null, false],
    ['http://localhost:5173/', null, false],
    ['http://localhost:5173/#/fila', 'http://localhost:5173', true],
    ['http://localhost:51730/', 'http://localhost:5173', false],
    ['not a url', null, false],
  ])('%s (dev %s) → %s', (url, dev, expected) => {
    expect(isAppUrl(url, dev)).toBe(expected);
  });
});

describe('the Content-Security-Policy', () => {
  const policy = directives(contentSecurityPolicy(['https://atendimento.causp.gov.br']));

  it('denies by default and allows scripts and styles only from the app, never inline or eval', () => {
    expect(policy['default-src']).toEqual(["'none'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(JSON.stringify(policy)).not.toMatch(/unsafe-(inline|eval)|\*/);
  });

  it('lets the page talk to its server and nothing else', () => {
    expect(policy['connect-src']).toEqual(["'self'", 'https://atendimento.causp.gov.br']);
  });

  it('forbids plugins, frames, <base> and form posts elsewhere', () => {
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['frame-src']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'none'"]);
    expect(policy['form-action']).toEqual(["'none'"]);
  });

  it('relaxes only inline styles, and only for the dev server', () => {
    const dev = directives(contentSecurityPolicy(['ws://localhost:5173'], { dev: true }));
    expect(dev['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev['script-src']).toEqual(["'self'"]);
  });

  it('names origins, not paths', () => {
    expect(originOf('https://causp.gov.br/atendimento')).toBe('https://causp.gov.br');
  });
});
