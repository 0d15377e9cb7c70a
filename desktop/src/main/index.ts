// Electron entry point of the attendants' desk.
import path from 'node:path';
import { app } from 'electron';
import { bootstrap } from './desk-app';

const here = import.meta.dirname;

bootstrap(
  {
    renderer: path.join(here, '../renderer'),
    preload: path.join(here, '../preload/index.cjs'),
    resources: path.join(app.getAppPath(), 'resources'),
  },
  {
    devUrl: !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null,
    defaultServerUrl: process.env.CAU_SERVER_URL,
  },
);
