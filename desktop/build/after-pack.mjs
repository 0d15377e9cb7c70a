// electron-builder's afterPack hook: flips Electron's fuses in the packaged binary before it is
// signed, so a shipped desk cannot be turned into a general Node runtime or made to load code
// from outside its (integrity-checked) app.asar. Electron's security checklist, "Fuses".
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';

/** The fuses every packaged desk ships with. */
export const DESK_FUSES = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would make the signed binary run any script as plain Node.
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS (--require, --inspect…) would inject code into main.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect flags would open a debugger into main.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Cookies and the rest of the profile's secrets encrypted with the OS keychain.
  [FuseV1Options.EnableCookieEncryption]: true,
  // app.asar checked against the hash electron-builder embeds (Windows and macOS builds).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // No loading an unpacked app/ folder placed next to the binary.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
};

/** Where electron-builder put the Electron binary it renamed (as its own addElectronFuses does). */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'linux') return path.join(appOutDir, packager.executableName);
  const ext = electronPlatformName === 'win32' ? '.exe' : '.app';
  return path.join(appOutDir, `${packager.appInfo.productFilename}${ext}`);
}

/** builder-util's Arch.arm64. */
const ARM64 = 3;

export default async function afterPack(context) {
  // Flipping a fuse breaks an ad-hoc signature; Apple silicon refuses to run without one (no mac
  // target is configured today, this keeps a future one working).
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(electronBinaryPath(context), { ...DESK_FUSES, resetAdHocDarwinSignature: darwin && context.arch === ARM64 });
}
