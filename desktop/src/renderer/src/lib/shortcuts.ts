// Keyboard shortcuts: one listener per screen, ignored while the attendant types in a field.
import { onBeforeUnmount, onMounted } from 'vue';

export interface Shortcut {
  keys: string[];
  description: string;
}

/** What the help overlay lists (the queue's shortcuts and the global ones). */
export const SHORTCUTS: Array<{ group: string; items: Shortcut[] }> = [
  {
    group: 'Fila',
    items: [
      { keys: ['j', '↓'], description: 'Próximo chamado' },
      { keys: ['k', '↑'], description: 'Chamado anterior' },
      { keys: ['Enter'], description: 'Abrir o chamado selecionado' },
      { keys: ['t'], description: 'Assumir o chamado selecionado' },
      { keys: ['/'], description: 'Buscar por protocolo, CPF, nome ou assunto' },
      { keys: ['1', '…', '6'], description: 'Trocar de visão (A atender … Todos)' },
      { keys: ['Esc'], description: 'Voltar à lista (o chamado não muda)' },
    ],
  },
  {
    group: 'Chamado',
    items: [
      { keys: ['r'], description: 'Escrever resposta' },
      { keys: ['n'], description: 'Escrever nota interna' },
      { keys: ['Ctrl', 'Enter'], description: 'Enviar o texto escrito' },
    ],
  },
  {
    group: 'Geral',
    items: [{ keys: ['?'], description: 'Mostrar ou esconder esta ajuda' }],
  },
];

/**
 * True when the key press belongs to a form control: typing in a field, and also Enter or the
 * arrows on a radio, checkbox or select, which mean something there.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Calls `handler` for plain key presses (no Ctrl/Alt/Meta) outside text fields. */
export function useKeydown(handler: (event: KeyboardEvent) => void) {
  const listener = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    if (isTypingTarget(event.target)) return;
    if (document.querySelector('dialog[open]')) return;
    handler(event);
  };
  onMounted(() => window.addEventListener('keydown', listener));
  onBeforeUnmount(() => window.removeEventListener('keydown', listener));
}
