import { describe, expect, it } from 'vitest';
import type { CauAtendimento } from '../cau-atendimento';
import { $, API, fakeServer, settle } from '../test/helpers';

const HIT = { slug: 'segunda-via-do-boleto-da-anuidade', title: 'Segunda via do boleto da anuidade', excerpt: 'Entre no SICCAU.', topic: 'annuity' };

async function widget() {
  const el = document.createElement('cau-atendimento') as CauAtendimento;
  el.setAttribute('api', API);
  document.body.append(el);
  await settle(el, 5);
  return el;
}

describe('"Perguntas frequentes" in <cau-atendimento>', () => {
  it('is linked from the header for visitors and opens without signing in, focus on its heading', async () => {
    fakeServer().on('kb.search', { items: [HIT] });
    const el = await widget();
    const link = $<HTMLAnchorElement>(el, '.header a[href="#atendimento/perguntas-frequentes"]');
    expect(link.textContent).toBe('Perguntas frequentes');
    location.hash = '#atendimento/perguntas-frequentes';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await settle(el, 5);
    const screen = $(el, '.screen-host > *');
    expect(screen.localName).toBe('cau-faq-screen');
    await customElements.whenDefined('cau-faq-screen');
    await settle(screen as never, 5);
    expect($(screen, '.result a').textContent).toBe(HIT.title);
    expect(screen.shadowRoot!.activeElement?.id).toBe('title');
    expect(link.getAttribute('aria-current')).toBe('page');
  });
});
