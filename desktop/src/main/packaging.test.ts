// @vitest-environment node
// The desk's packaging: electron-builder.json as electron-builder itself validates it (its JSON
// schema, app-builder-lib/scheme.json), the targets we ship, and the afterPack hook that flips the
// fuses — with @electron/fuses mocked, since no Electron binary is downloaded here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const flipFuses = vi.hoisted(() => vi.fn(async (_binary: string, _config: unknown) => 1));
vi.mock('@electron/fuses', async (importOriginal) => ({ ...(await importOriginal<object>()), flipFuses }));

const { default: afterPack, DESK_FUSES } = await import('../../build/after-pack.mjs');

const DESKTOP = path.resolve(import.meta.dirname, '../..');
type BuilderConfig = Record<string, unknown> & {
  afterPack: string;
  files: string[];
  linux: { target: string[] };
  win: { target: string[] };
};
const config = JSON.parse(readFileSync(path.join(DESKTOP, 'electron-builder.json'), 'utf8')) as BuilderConfig;

async function validate(candidate: unknown): Promise<void> {
  const { validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
  await validateConfiguration(candidate as never, { isEnabled: false, add: () => undefined } as never);
}

describe('electron-builder.json', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('is refused by that validation when it holds a mistake (the check is not vacuous)', async () => {
    await expect(validate({ ...config, linux: { ...config.linux, taget: ['AppImage'] } })).rejects.toThrow(/configuration\.linux/);
    await expect(validate({ ...config, nsis: { oneClick: 'no' } })).rejects.toThrow(/oneClick/);
  });

  it('builds AppImage and deb for Linux and an NSIS installer for Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.asar).toBe(true);
  });

  it('packs the built app and its icons, and runs the fuses hook after packing', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**/*', 'resources/**/*']));
    expect(path.resolve(DESKTOP, config.afterPack)).toBe(path.join(DESKTOP, 'build/after-pack.mjs'));
  });

  it('ships only what main needs at run time: the renderer is bundled, so nothing is a runtime dependency', () => {
    const pkg = JSON.parse(readFileSync(path.join(DESKTOP, 'package.json'), 'utf8')) as { dependencies?: object; main: string };
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.main).toBe('out/main/index.js');
  });
});

describe('the afterPack hook', () => {
  beforeEach(() => flipFuses.mockClear());
  const context = (electronPlatformName: string) => ({
    appOutDir: '/build/linux-unpacked',
    electronPlatformName,
    arch: 1,
    packager: { executableName: 'cau-atendimento', appInfo: { productFilename: 'Atendimento CAU-SP' } },
  });

  it('flips the fuses of the Linux binary', async () => {
    await afterPack(context('linux'));
    expect(flipFuses).toHaveBeenCalledTimes(1);
    expect(flipFuses.mock.calls[0]![0]).toBe(path.join('/build/linux-unpacked', 'cau-atendimento'));
  });

  it('flips the fuses of the Windows executable', async () => {
    await afterPack(context('win32'));
    expect(flipFuses.mock.calls[0]![0]).toBe(path.join('/build/linux-unpacked', 'Atendimento CAU-SP.exe'));
  });

  it('turns off running as Node, NODE_OPTIONS and inspect flags, and turns on cookie encryption and ASAR-only loading with integrity checks', async () => {
    await afterPack(context('linux'));
    expect(flipFuses.mock.calls[0]![1]).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      resetAdHocDarwinSignature: false,
    });
    expect(DESK_FUSES).toMatchObject({ [FuseV1Options.RunAsNode]: false, [FuseV1Options.OnlyLoadAppFromAsar]: true });
  });
});
