// The attachments of a message: picked or dropped files are checked (type, 2 MB, at most 5) and
// uploaded at once through attachments.upload, each with its progress bar; the form then sends their
// ids. Form-associated: while an upload runs the control is invalid ("aguarde o envio").
import { html, LitElement, nothing } from 'lit';
import type { ApiClient, Attachment } from '../api/api-client';
import { toApiError } from '../api/api-error';
import { ACCEPT, MAX_FILES, fileProblem } from '../files';
import { formatBytes, msg } from '../messages';
import { baseStyles } from '../styles/base.styles';
import { attachmentsStyles } from './attachments-field.styles';

interface Item {
  key: number;
  file: File;
  progress: number;
  state: 'uploading' | 'done' | 'error';
  attachment?: Attachment;
  error?: string;
  abort: AbortController;
}

let nextKey = 0;

/**
 * @csspart button - the "Escolher arquivos" button
 * @csspart error - the messages about refused files
 */
export class AttachmentsField extends LitElement {
  static formAssociated = true;
  static override styles = [baseStyles, attachmentsStyles];
  static override properties = {
    api: { attribute: false },
    hint: { attribute: false },
    idPrefix: { attribute: 'id-prefix' },
    items: { state: true },
    message: { state: true },
    announcement: { state: true },
    dragging: { state: true },
  };
  declare api: ApiClient;
  /** A hint for this message in particular (Registro Profissional: attach a print of SICCAU). */
  declare hint: string;
  declare idPrefix: string;
  declare items: Item[];
  declare message: string;
  declare announcement: string;
  declare dragging: boolean;
  private readonly internals: ElementInternals | null;
  /** Whether `message` is the "at most 5 files" refusal. */
  private limitShown = false;

  constructor() {
    super();
    this.hint = '';
    this.idPrefix = '';
    this.items = [];
    this.message = '';
    this.announcement = '';
    this.dragging = false;
    let internals: ElementInternals | null = null;
    try {
      internals = this.attachInternals();
    } catch {
      internals = null;
    }
    this.internals = internals;
  }

  /** The ids of the files uploaded so far, for `attachmentIds`. */
  get ids(): string[] {
    return this.items.flatMap((item) => (item.state === 'done' && item.attachment ? [item.attachment.id] : []));
  }

  get uploading(): boolean {
    return this.items.some((item) => item.state === 'uploading');
  }

  /** Shows a message from the form (an upload still running, a refused attachment). */
  showError(text: string): void {
    this.message = text;
  }

  clear(): void {
    for (const item of this.items) if (item.state === 'uploading') item.abort.abort();
    this.items = [];
    this.message = '';
    this.announcement = '';
    this.limitShown = false;
  }

  override focus(): void {
    (this.renderRoot.querySelector('input[type=file]') as HTMLInputElement | null)?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const item of this.items) if (item.state === 'uploading') item.abort.abort();
  }

  override updated(): void {
    if (!this.internals) return;
    try {
      this.internals.setFormValue(this.ids.join(','));
      if (this.uploading) this.internals.setValidity({ customError: true }, msg.attachments.wait);
      else this.internals.setValidity({});
    } catch {
      // Browsers without form-associated custom elements: the form reads `ids` and `uploading`.
    }
  }

  /** Checks and starts uploading `files`; refused ones are listed in the error message. */
  addFiles(files: Iterable<File>): void {
    const problems: string[] = [];
    const leftOut: string[] = [];
    const added: Item[] = [];
    let kept = this.items.filter((item) => item.state !== 'error').length;
    for (const file of files) {
      if (kept >= MAX_FILES) {
        leftOut.push(file.name);
        continue;
      }
      const problem = fileProblem(file);
      if (problem) {
        problems.push(problem);
        continue;
      }
      added.push({ key: nextKey++, file, progress: 0, state: 'uploading', abort: new AbortController() });
      kept++;
    }
    if (leftOut.length) problems.push(msg.attachments.tooMany(leftOut));
    this.limitShown = leftOut.length > 0;
    this.message = problems.join(' ');
    this.items = [...this.items, ...added];
    for (const item of added) void this.upload(item);
  }

  private async upload(item: Item): Promise<void> {
    try {
      const attachment = await this.api.upload(item.file, (fraction) => this.patch(item.key, { progress: fraction }), item.abort.signal);
      this.patch(item.key, { state: 'done', progress: 1, attachment });
      this.announcement = msg.attachments.uploaded(item.file.name);
    } catch (error) {
      const failure = toApiError(error);
      if (failure.reason === 'aborted') return;
      const text = msg.attachments.failed(item.file.name, failure.message);
      // The card says why, once; screen readers hear it from the polite announcement.
      this.patch(item.key, { state: 'error', error: text });
      this.announcement = text;
    }
  }

  private patch(key: number, change: Partial<Item>): void {
    this.items = this.items.map((item) => (item.key === key ? { ...item, ...change } : item));
  }

  private removeItem(item: Item): void {
    item.abort.abort();
    const index = this.items.indexOf(item);
    this.items = this.items.filter((i) => i !== item);
    this.announcement = msg.attachments.removed(item.file.name);
    // Once a file is removed there is room again: the "no máximo 5" message no longer holds.
    if (this.limitShown) {
      this.message = '';
      this.limitShown = false;
    }
    void this.updateComplete.then(() => {
      const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('.files button');
      (buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLInputElement>('input[type=file]'))?.focus();
    });
  }

  private readonly onPick = (event: Event) => {
    const input = event.target as HTMLInputElement;
    this.addFiles(Array.from(input.files ?? []));
    input.value = '';
  };

  private readonly onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  private readonly onDragLeave = (event: DragEvent) => {
    if (event.relatedTarget && (event.currentTarget as Node).contains(event.relatedTarget as Node)) return;
    this.dragging = false;
  };

  private readonly onDrop = (event: DragEvent) => {
    event.preventDefault();
    this.dragging = false;
    this.addFiles(Array.from(event.dataTransfer?.files ?? []));
  };

  override render() {
    const p = this.idPrefix;
    return html`<fieldset class="attachments">
      <legend>${msg.attachments.legend} <span class="optional">${msg.app.optional}</span></legend>
      <p class="hint" id="${p}files-hint">${msg.attachments.hint}</p>
      ${this.hint ? html`<p class="callout" id="${p}files-extra">${this.hint}</p>` : nothing}
      <div class="dropzone ${this.dragging ? 'dragging' : ''}" @dragenter=${this.onDragOver} @dragover=${this.onDragOver}
        @dragleave=${this.onDragLeave} @drop=${this.onDrop}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="28" height="28"><path fill="currentColor"
          d="M12 3l5 5h-3v6h-4V8H7l5-5zm-7 14h14v2H5v-2z"/></svg>
        <span>${msg.attachments.drop}</span>
        <input id="${p}files" class="visually-hidden" type="file" multiple accept=${ACCEPT}
          aria-describedby="${p}files-hint ${this.hint ? `${p}files-extra ` : ''}${p}files-error" @change=${this.onPick} />
        <label for="${p}files" class="button" part="button">${msg.attachments.choose}</label>
      </div>
      ${this.items.length > 0
        ? html`<ul class="files" aria-label=${msg.attachments.list}>${this.items.map((item) => this.renderItem(item))}</ul>`
        : nothing}
      <p class="error" id="${p}files-error" part="error" aria-live="polite">${this.message}</p>
      <p class="visually-hidden" aria-live="polite">${this.announcement}</p>
    </fieldset>`;
  }

  private renderItem(item: Item) {
    const percent = Math.round(item.progress * 100);
    // A refused file's card is styled by `failed`, not `error`: the form-wide `.error` style adds a dot.
    return html`<li class="file ${item.state === 'error' ? 'failed' : item.state}">
      <span class="file-name">${item.file.name}</span>
      <span class="file-size">${formatBytes(item.file.size)}</span>
      ${item.state === 'uploading'
        ? html`<progress max="100" .value=${percent} aria-label=${msg.attachments.uploading(item.file.name)}>${percent}%</progress>`
        : item.state === 'done'
          ? html`<span class="file-state ok"><span aria-hidden="true">✓ </span>${msg.attachments.done}</span>`
          : html`<span class="file-state failed">${item.error}</span>`}
      <button type="button" class="button quiet" part="button" aria-label=${msg.attachments.remove(item.file.name)}
        @click=${() => this.removeItem(item)}>${msg.attachments.removeShort}</button>
    </li>`;
  }
}

/**
 * The attachments field inside `root`, checked as its form is sent. Null while a file is still
 * uploading: the field then says so and takes the focus, and the form must wait. Otherwise the
 * field (if the form has one) and the ids to send, undefined when there are none.
 */
export function attachmentsToSend(root: ParentNode): { field: AttachmentsField | null; ids: string[] | undefined } | null {
  const field = root.querySelector<AttachmentsField>('cau-attachments');
  if (field?.uploading) {
    field.showError(msg.attachments.wait);
    field.focus();
    return null;
  }
  const ids = field?.ids ?? [];
  return { field, ids: ids.length > 0 ? ids : undefined };
}
