import { h } from '../lib/dom';

/** Short-lived notices at the bottom of the screen (role=status: read out by screen readers). */
export function notify(text: string, kind: 'info' | 'error' = 'info'): void {
  let region = document.getElementById('toasts');
  if (!region) {
    region = h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(region);
  }
  const toast = h('div', { class: `toast toast-${kind}` }, text);
  region.append(toast);
  setTimeout(() => toast.remove(), 5000);
}

/**
 * A dialog layer: a backdrop and a panel. Escape or a click on the backdrop closes it (calling
 * `onClose`), unless the caller is busy.
 */
export function openLayer(panel: HTMLElement, onClose: () => void, kind: 'modal' | 'sheet' = 'modal'): () => void {
  const backdrop = h('div', { class: `layer layer-${kind}` }, panel);
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-modal', 'true');
  panel.classList.add('layer-panel');
  const close = () => {
    document.removeEventListener('keydown', onKey);
    backdrop.remove();
  };
  const onKey = (e: KeyboardEvent) => {
    // Only the topmost layer answers Escape (the buy sheet can open over the ticket modal).
    const layers = document.querySelectorAll('.layer');
    if (e.key === 'Escape' && layers[layers.length - 1] === backdrop) onClose();
  };
  backdrop.addEventListener('click', (e) => {
    if (e.target === backdrop) onClose();
  });
  document.addEventListener('keydown', onKey);
  document.body.append(backdrop);
  return close;
}

/** A status line for a form: text only, error styling on demand. */
export function statusLine(testid: string): { el: HTMLElement; set: (text: string, kind?: 'info' | 'error' | 'ok') => void } {
  const el = h('p', { class: 'status-line', testid, role: 'status', 'aria-live': 'polite' });
  return {
    el,
    set: (text, kind = 'info') => {
      el.textContent = text;
      el.className = `status-line status-${kind}`;
    },
  };
}
