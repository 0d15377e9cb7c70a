import { describe, expect, it } from 'vitest';
import { findTrigger, matches, replaceTrigger } from './template-trigger';

describe('the :: trigger', () => {
  it.each([
    ['::', 2, { start: 0, query: '' }],
    ['Olá ::bol', 9, { start: 4, query: 'bol' }],
    ['linha\n::segunda via', 19, { start: 6, query: 'segunda via' }],
  ])('opens in %j', (text, caret, expected) => {
    expect(findTrigger(text, caret)).toEqual(expected);
  });

  it.each([
    ['http://x', 7],
    ['às 10::30', 9],
    [':: boleto', 9],
    ['::a\nb', 5],
    ['sem gatilho', 11],
  ])('stays closed in %j', (text, caret) => {
    expect(findTrigger(text, caret)).toBeNull();
  });

  it('replaces the trigger up to the caret and leaves the rest', () => {
    const text = 'Olá ::bol e mais';
    const trigger = findTrigger(text, 9)!;
    expect(replaceTrigger(text, trigger, 9, 'TEXTO')).toEqual({ text: 'Olá TEXTO e mais', caret: 9 });
  });

  it('matches every word, ignoring accents and case', () => {
    const t = { title: 'Segunda via do boleto', body: 'Emita no SICCAU.' };
    expect(matches(t, 'BOLETO siccau')).toBe(true);
    expect(matches(t, 'segunda via')).toBe(true);
    expect(matches(t, 'anuidade')).toBe(false);
    expect(matches({ title: 'Saudação', body: '' }, 'saudacao')).toBe(true);
  });
});
