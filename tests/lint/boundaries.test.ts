// The import boundaries of docs/architecture.md, as eslint.config.js enforces them: each probe is
// linted as if it were a file of that workspace, so loosening a rule fails here, not in review.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => /'([^']+)' import/.exec(m.message)?.[1] ?? m.message);
}

describe('import boundaries', () => {
  it('shared/ imports nothing of ours and does no I/O', async () => {
    const code = [
      "import { z } from 'zod';",
      "import type { AppRouter } from '@cau/server';",
      "import { loadConfig } from '../../server/src/env';",
      "import { readFileSync } from 'node:fs';",
      "import mongoose from 'mongoose';",
      'export const probe = [z, loadConfig, readFileSync, mongoose] as unknown as AppRouter;',
    ].join('\n');
    expect(await restricted('shared/src/probe.ts', code)).toEqual(['@cau/server', '../../server/src/env', 'node:fs', 'mongoose']);
  });

  it.each(['client/src/probe.ts', 'widget/src/probe.ts', 'desktop/src/renderer/src/api/probe.ts'])('%s may import the server\'s types, never its code', async (file) => {
    const code = [
      "import type { AppRouter } from '@cau/server';",
      "import { appRouter } from '@cau/server';",
      "import { loadConfig } from '../../server/src/env';",
      "import { isCpf } from '@cau/shared';",
      'export const probe: [AppRouter | null, unknown, unknown, unknown] = [null, appRouter, loadConfig, isCpf];',
    ].join('\n');
    expect(await restricted(file, code)).toEqual(['@cau/server', '../../server/src/env']);
  });

  it.each(['server/src/tickets/probe.ts', 'server/src/users/probe.ts', 'server/src/mail/probe.ts'])(
    '%s (domain code) does not import express, tRPC or Agenda',
    async (file) => {
      const code = [
        "import express from 'express';",
        "import { TRPCError } from '@trpc/server';",
        "import { Agenda } from 'agenda';",
        "import { MongoBackend } from '@agendajs/mongo-backend';",
        "import { Types } from 'mongoose';",
        "import { transition } from '@cau/shared';",
        'export const probe = [express, TRPCError, Agenda, MongoBackend, Types, transition];',
      ].join('\n');
      expect(await restricted(file, code)).toEqual(['express', '@trpc/server', 'agenda', '@agendajs/mongo-backend']);
    },
  );

  it.each([
    ['server/src/sla/probe.ts', '../tickets/ticket.model', '../users/user.model'],
    ['server/src/trpc/probe.ts', '../tickets/ticket.model', '../users/user.model'],
    ['server/src/users/probe.ts', '../tickets/ticket.model', './user.model'],
    ['server/src/tickets/probe.ts', './ticket.model', '../users/user.model'],
  ])('%s reads tickets and users through the repositories, never the models', async (file, tickets, users) => {
    const code = [
      `import { TicketModel, type Ticket } from '${tickets}';`,
      `import { UserModel, professionalTokens, type User } from '${users}';`,
      'export const probe: [unknown, unknown, unknown, Ticket | User | null] = [TicketModel, UserModel, professionalTokens, null];',
    ].join('\n');
    expect(await restricted(file, code)).toEqual(['TicketModel', 'UserModel']);
  });

  it('the repositories may use the models', async () => {
    const code = "import { TicketModel } from './ticket.model';\nimport { UserModel } from '../users/user.model';\nexport const probe = [TicketModel, UserModel];";
    expect(await restricted('server/src/tickets/ticket.repository.ts', code)).toEqual([]);
    expect(await restricted('server/src/users/user.repository.ts', code.replace('./ticket.model', '../tickets/ticket.model').replace('../users/user.model', './user.model'))).toEqual([]);
  });

  it('the layers that wire frameworks may import them', async () => {
    const code = "import express from 'express';\nimport { TRPCError } from '@trpc/server';\nexport const probe = [express, TRPCError];";
    expect(await restricted('server/src/http/probe.ts', code)).toEqual([]);
    expect(await restricted('server/src/trpc/probe.ts', code)).toEqual([]);
  });
});
