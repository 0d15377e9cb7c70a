// Keeps docs/api.md true: its procedure table must list exactly the router's procedures, each with
// its kind (query, mutation, subscription). Adding or removing a procedure means updating the docs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appRouter } from './app.router';

const API_DOC = fileURLToPath(new URL('../../../docs/api.md', import.meta.url));

function documented(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(API_DOC, 'utf8').split('\n')) {
    const match = /^\| `([a-z][A-Za-z]*(?:\.[a-z][A-Za-z]*)+)` \| (query|mutation|subscription) \|/.exec(line);
    if (match) rows.set(match[1]!, match[2]!);
  }
  return rows;
}

function actual(): Map<string, string> {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
  return new Map(Object.entries(procedures).map(([name, procedure]) => [name, procedure._def.type]));
}

describe('docs/api.md', () => {
  it('lists every procedure of the router, with its kind, and nothing else', () => {
    const docs = documented();
    const code = actual();
    expect(code.size).toBeGreaterThan(40);
    expect([...code.keys()].filter((name) => !docs.has(name)), 'procedures missing from docs/api.md').toEqual([]);
    expect([...docs.keys()].filter((name) => !code.has(name)), 'documented procedures that do not exist').toEqual([]);
    expect([...code].filter(([name, kind]) => docs.get(name) !== kind), 'procedures documented with the wrong kind').toEqual([]);
  });
});
