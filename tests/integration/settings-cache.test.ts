// The settings an admin saves apply at once on the instance that saved them. Settings are cached
// for a few seconds; a read that began before the save and answers after it (a request in flight
// while the admin clicks "Salvar") must not put the old settings back into that cache.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { SettingModel } from '../../server/src/settings/settings.model';
import { createSettingsStore } from '../../server/src/settings/settings.service';
import { startTestServer, type TestServer } from '../support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server?.close();
});

it('a read racing a save does not bring the old security settings back', async () => {
  const before = await server.deps.settings.security();
  // A store of its own (as every server has), empty, so the next read goes to the database.
  const settings = createSettingsStore(server.deps.config, server.deps.now);

  // The next read of the settings goes to the database now, but answers only when the gate opens.
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const findById = SettingModel.findById.bind(SettingModel);
  vi.spyOn(SettingModel, 'findById').mockImplementationOnce(((id: string) => {
    const query = findById(id);
    return { lean: async () => { const value = await query.lean(); await gate; return value; } };
  }) as never);

  const racing = settings.security();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const changed = { ...before, staffIdleMinutes: before.staffIdleMinutes + 15 };
  await settings.saveSecurity(changed);
  open();

  // The racing reader began before the save: it may see the old value...
  expect((await racing).staffIdleMinutes).toBe(before.staffIdleMinutes);
  // ...but everyone after the save sees the new one, and so does the database.
  expect((await settings.security()).staffIdleMinutes).toBe(changed.staffIdleMinutes);
  const stored = await server.db.collection<{ _id: string; value: { staffIdleMinutes: number } }>('settings').findOne({ _id: 'security' });
  expect(stored?.value.staffIdleMinutes).toBe(changed.staffIdleMinutes);
});
