/**
 * A tiny element builder. Strings become text nodes, never markup: nothing in the app assigns
 * innerHTML, so user-supplied text (names, tip messages, titles) cannot create elements.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Sets `data-testid`, the stable hook for end-to-end tests (SPEC §10). */
  testid?: string;
  /** Event listeners, e.g. `{ click: () => … }`. */
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
  /** Other attributes; `true` sets an empty attribute, `false`/`undefined` leaves it out. */
  [attribute: string]: unknown;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'testid') el.dataset.testid = String(value);
    else if (key === 'on') {
      for (const [event, listener] of Object.entries(value as Record<string, EventListener>)) {
        el.addEventListener(event, listener);
      }
    } else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content with the given children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
