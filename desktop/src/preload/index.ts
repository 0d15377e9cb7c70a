// Preload (sandboxed, context-isolated): exposes the desk bridge and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY } from '../shared/contract';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
