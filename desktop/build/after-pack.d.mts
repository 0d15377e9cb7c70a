// Types of after-pack.mjs for the tests that import it.
import type { FuseConfig } from '@electron/fuses';

export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { executableName?: string; appInfo: { productFilename: string } };
}

export const DESK_FUSES: FuseConfig;
export function electronBinaryPath(context: PackContext): string;
export default function afterPack(context: PackContext): Promise<void>;
