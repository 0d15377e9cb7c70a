import { describe, expect, it } from 'vitest';
import type { NewTicketScreen } from './new-ticket-screen';
import { $, choose, field, mount, testApi } from '../test/helpers';

describe('<cau-new-ticket-screen> tema hints', () => {
  it('announces the Registro Profissional hint in a live region the tema picker points to', async () => {
    const el = await mount<NewTicketScreen>('cau-new-ticket-screen', { api: testApi() });
    const region = $(el, '#topic-hint');
    // The region exists (empty) before the hint, so screen readers announce what is added to it.
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent!.trim()).toBe('');
    expect(field<HTMLSelectElement>(el, 'Tema').getAttribute('aria-describedby')).toBe('topic-hint');
    choose(field<HTMLSelectElement>(el, 'Tema'), 'registration');
    await el.updateComplete;
    expect($(el, '#topic-hint')).toBe(region);
    expect(region.textContent).toContain('Anexe um print (captura de tela) da tela do SICCAU');
    choose(field<HTMLSelectElement>(el, 'Tema'), 'rrt');
    await el.updateComplete;
    expect(region.textContent!.trim()).toBe('');
  });
});
