import { describe, expect, it } from 'vitest';
import type { PrivacyNotice } from './privacy-notice';
import { $, $$, Offline, expectAccessible, fakeServer, mount, settle, testApi, text } from '../test/helpers';
import { PRIVACY } from '../test/account';

async function notice() {
  const el = await mount<PrivacyNotice>('cau-privacy-notice', { api: testApi(null) });
  await settle(el);
  return el;
}

describe('<cau-privacy-notice>', () => {
  it('is accessible: a region named by its heading, the DPO e-mail a named link', async () => {
    fakeServer().on('portal.privacy', PRIVACY);
    const el = await notice();
    expectAccessible(el);
    const region = $(el, 'section');
    expect(el.shadowRoot!.getElementById(region.getAttribute('aria-labelledby')!)!.textContent).toBe('Aviso de privacidade');
    expect($(el, 'a').textContent).toBe('dpo@causp.gov.br');
  });

  it('says what is collected, why, and the rights at once, while the contact loads', async () => {
    fakeServer().on('portal.privacy', () => new Promise(() => undefined));
    const el = await mount<PrivacyNotice>('cau-privacy-notice', { api: testApi(null) });
    const words = text(el);
    expect(words).toContain('Pedimos seu nome, CPF e e-mail para identificar você e atender seus chamados');
    expect(words).toContain('acesso, correção, eliminação ou anonimização e portabilidade');
    expect(words).toContain('Carregando o contato do encarregado…');
    expect($(el, 'section').getAttribute('aria-busy')).toBe('true');
  });

  it('names the controller and the DPO from portal.privacy, with a mailto link', async () => {
    const server = fakeServer().on('portal.privacy', { ...PRIVACY, controller: 'CAU/SP — Controlador de teste', dpoEmail: 'encarregado@causp.test' });
    const el = await notice();
    expect(server.callsTo('portal.privacy')).toHaveLength(1);
    expect(server.callsTo('portal.privacy')[0]!.authorization).toBeNull();
    const words = text(el);
    const terms = $$(el, 'dt').map((dt) => [dt.textContent, dt.nextElementSibling!.textContent!.replace(/\s+/g, ' ').trim()]);
    expect(terms).toEqual([
      ['Controlador dos dados:', 'CAU/SP — Controlador de teste'],
      ['Encarregado (DPO):', 'Maria Encarregada · encarregado@causp.test'],
    ]);
    expect(words.indexOf('Controlador dos dados')).toBeLessThan(words.indexOf('Você pode pedir acesso'));
    expect($<HTMLAnchorElement>(el, 'a').getAttribute('href')).toBe('mailto:encarregado@causp.test');
  });

  it('offers to try again when the contact cannot be loaded', async () => {
    let offline = true;
    fakeServer().on('portal.privacy', () => {
      if (offline) throw new Offline();
      return PRIVACY;
    });
    const el = await notice();
    expect(text(el)).toContain('Não foi possível carregar o contato do encarregado.');
    expect(text(el)).toContain('Pedimos seu nome, CPF e e-mail');
    offline = false;
    $(el, 'button').click();
    await settle(el);
    expect(text(el)).toContain('Maria Encarregada');
    expect(el.shadowRoot!.querySelector('button')).toBeNull();
  });
});
