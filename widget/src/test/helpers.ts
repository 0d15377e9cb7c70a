// Test helpers for the widget's component tests (happy-dom): a fake tRPC server behind `fetch`, a
// fake XMLHttpRequest for uploads, mounting, and the accessibility checks every screen starts with.
// Only the network is faked; the components, controllers and API client are the real ones.
import { expect, vi } from 'vitest';
import type { LitElement } from 'lit';
import { ApiClient } from '../api/api-client';

export const API = 'https://atendimento.test';

type Handler = (input: any, call: Call) => unknown;

export interface Call {
  path: string;
  method: string;
  input: any;
  authorization: string | null;
  /** Sent with x-cau-background: a refresh the widget made by itself. */
  background: boolean;
}

/** A tRPC error answer, thrown from a handler. */
export class Reply extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly status = 400,
    /** More of the answer's `data` (`retryAfter`…). */
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Throw from a handler to make the request fail like a dropped connection. */
export class Offline extends Error {}

export interface FakeServer {
  calls: Call[];
  on(path: string, handler: Handler | unknown): FakeServer;
  /** The calls made to one procedure. */
  callsTo(path: string): Call[];
}

/** Installs a fake `fetch` that answers tRPC calls from handlers, as the real server would. */
export function fakeServer(): FakeServer {
  const handlers = new Map<string, Handler>();
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const path = url.pathname.replace(/^\/trpc\//, '');
    const method = (init.method ?? 'GET').toUpperCase();
    const rawInput = method === 'GET' ? url.searchParams.get('input') : (init.body as string | undefined);
    const headers = new Headers(init.headers);
    const call: Call = {
      path, method, input: rawInput ? JSON.parse(rawInput) : undefined, authorization: headers.get('authorization'),
      background: headers.get('x-cau-background') === '1',
    };
    calls.push(call);
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    const handler = handlers.get(path);
    if (!handler) return json(404, { error: { message: 'Recurso não encontrado.', code: -32004, data: { reason: 'not_found', httpStatus: 404, path } } });
    try {
      const data = await handler(call.input, call);
      return json(200, { result: { data } });
    } catch (error) {
      if (error instanceof Offline) throw new TypeError('Failed to fetch');
      if (error instanceof Reply) {
        return json(error.status, {
          error: { message: error.message, code: -32600, data: { reason: error.reason, httpStatus: error.status, path, ...(error.fields ? { fields: error.fields } : {}), ...error.data } },
        });
      }
      throw error;
    }
  });
  vi.stubGlobal('fetch', fetch);
  const server: FakeServer = {
    calls,
    on(path, handler) {
      handlers.set(path, typeof handler === 'function' ? (handler as Handler) : () => handler);
      return server;
    },
    callsTo: (path) => calls.filter((c) => c.path === path),
  };
  return server;
}

/** A fake XMLHttpRequest: each instance is recorded, and the test decides how it ends. */
export class FakeXhr {
  static instances: FakeXhr[] = [];
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = '';
  aborted = false;
  private listeners = new Map<string, ((event: any) => void)[]>();
  private uploadListeners = new Map<string, ((event: any) => void)[]>();
  readonly upload = {
    addEventListener: (type: string, fn: (event: any) => void) => this.uploadListeners.set(type, [...(this.uploadListeners.get(type) ?? []), fn]),
  };

  constructor() {
    FakeXhr.instances.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  addEventListener(type: string, fn: (event: any) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.fire('abort');
  }
  /** Reports upload progress. */
  progress(loaded: number, total: number) {
    for (const fn of this.uploadListeners.get('progress') ?? []) fn({ lengthComputable: true, loaded, total });
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.fire('load');
  }
  fail() {
    this.fire('error');
  }
  private fire(type: string) {
    for (const fn of this.listeners.get(type) ?? []) fn({});
  }
}

export function installFakeXhr(): typeof FakeXhr {
  FakeXhr.instances = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return FakeXhr;
}

/** An API client with a fixed token, as <cau-atendimento> would hand to a screen. */
export function testApi(token: string | null = 'token-123456789', expired: () => void = () => undefined): ApiClient {
  return new ApiClient(API, { token: () => token, expired });
}

/** Creates `tag` with `props`, attaches it and waits for its first render. */
export async function mount<T extends LitElement>(tag: string, props: Record<string, unknown> = {}): Promise<T> {
  const el = document.createElement(tag) as T;
  Object.assign(el, props);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/** Lets pending promises (fetch answers) settle, then waits for `el` to render. */
export async function settle(el?: LitElement, rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el?.updateComplete;
  }
}

export function shadow(el: Element): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`${el.tagName} has no shadow root`);
  return el.shadowRoot;
}

export function $<E extends Element = HTMLElement>(el: Element, selector: string): E {
  const found = shadow(el).querySelector<E>(selector);
  if (!found) throw new Error(`no ${selector} in ${el.tagName}`);
  return found;
}

export function $$<E extends Element = HTMLElement>(el: Element, selector: string): E[] {
  return [...shadow(el).querySelectorAll<E>(selector)];
}

/** The text of an element's shadow root, whitespace collapsed. */
export function text(el: Element): string {
  return (shadow(el).textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Types into a field the way a user does: value, then an input event. */
export function type(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export function choose(control: HTMLInputElement | HTMLSelectElement, value?: string): void {
  if (control instanceof HTMLInputElement) control.checked = true;
  else if (value !== undefined) control.value = value;
  control.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

export async function submit(el: LitElement, form: HTMLFormElement = $<HTMLFormElement>(el, 'form')): Promise<void> {
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await settle(el);
}

/** The control whose accessible name is `label` (or `label (opcional)`). */
export function field<E extends HTMLElement = HTMLInputElement>(el: Element, label: string): E {
  const root = shadow(el);
  for (const control of root.querySelectorAll('input, select, textarea')) {
    const name = accessibleName(root, control).replace(/\s+/g, ' ');
    if (name === label || name.startsWith(`${label} (`)) return control as E;
  }
  throw new Error(`no field labelled "${label}" in ${el.tagName}`);
}

/** The message shown for a field (its aria-describedby error). */
export function errorOf(el: Element, control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id.endsWith('error'));
  return ids.map((id) => shadow(el).getElementById(id)?.textContent?.trim() ?? '').join(' ').trim();
}

/** Text as assistive technology reads it: aria-hidden parts left out. */
function spoken(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node instanceof Element && node.getAttribute('aria-hidden') === 'true') return '';
  return [...node.childNodes].map(spoken).join('');
}

function accessibleName(root: ShadowRoot, control: Element): string {
  const labelledBy = control.getAttribute('aria-labelledby');
  if (labelledBy) return labelledBy.split(/\s+/).map((id) => spoken(root.getElementById(id) ?? document.createElement('i'))).join(' ').trim();
  const aria = control.getAttribute('aria-label');
  if (aria) return aria.trim();
  const id = control.getAttribute('id');
  const label = (id && root.querySelector(`label[for="${id}"]`)) || control.closest('label');
  if (label) return spoken(label).replace(/\s+/g, ' ').trim();
  if (control.tagName === 'BUTTON' || control.tagName === 'A') return spoken(control).trim();
  return '';
}

/**
 * What every screen test checks first: each control and button has an accessible name, every
 * aria-describedby points at something, field errors sit in live regions, and there is a heading.
 */
export function accessibilityProblems(el: Element): string[] {
  const root = shadow(el);
  const problems: string[] = [];
  for (const control of root.querySelectorAll('input, select, textarea, button, a[href]')) {
    if (!accessibleName(root, control)) problems.push(`<${control.tagName.toLowerCase()} ${control.getAttribute('name') ?? control.id}> has no accessible name`);
    for (const id of (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)) {
      if (!root.getElementById(id)) problems.push(`aria-describedby="${id}" points at nothing`);
    }
  }
  for (const error of root.querySelectorAll('.error')) {
    if (!error.closest('[aria-live], [role="alert"], [role="status"]')) problems.push(`error #${error.id} is not in a live region`);
  }
  const ids = [...root.querySelectorAll('[id]')].map((e) => e.id);
  for (const id of new Set(ids)) if (ids.filter((x) => x === id).length > 1) problems.push(`id "${id}" is used twice`);
  return problems;
}

export function expectAccessible(el: Element, options: { heading?: boolean } = {}): void {
  expect(accessibilityProblems(el)).toEqual([]);
  if (options.heading !== false) expect(shadow(el).querySelector('h2, h3'), 'a heading').not.toBeNull();
  // A form's general errors are announced assertively.
  for (const form of shadow(el).querySelectorAll('form')) {
    expect(form.querySelector('[role="alert"]'), 'each form has an alert region').not.toBeNull();
  }
}
