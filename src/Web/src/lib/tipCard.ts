import { formatTokens } from './format';

/** The hub's `tip` event (SPEC §5). */
export interface TipEvent {
  id: string;
  streamId: string | null;
  creatorId: string;
  fanId: string;
  fanName: string;
  amount: number;
  message: string | null;
  createdAt: string;
  /** A tip from the creator's menu (SPEC §13): the item's label. */
  label?: string | null;
  menuItemId?: string | null;
}

/**
 * A tip as a card: fan name, amount and message, all as text nodes. A message such as
 * `<img src=x onerror=alert(1)>` shows literally; no element is ever made from it.
 * Used by the OBS overlay and by the stream view's live tips list.
 */
export function renderTipCard(doc: Document, tip: TipEvent, testid = 'tip-card'): HTMLElement {
  const card = doc.createElement('div');
  card.className = 'tip-card';
  card.dataset.testid = testid;
  card.dataset.tipId = tip.id;

  const name = doc.createElement('span');
  name.className = 'tip-name';
  name.textContent = tip.fanName || 'Someone';

  const amount = doc.createElement('span');
  amount.className = 'tip-amount';
  amount.textContent = formatTokens(tip.amount);

  const head = doc.createElement('div');
  head.className = 'tip-head';
  head.append(name, doc.createTextNode(' tipped '), amount);
  card.append(head);

  if (tip.label) {
    const label = doc.createElement('p');
    label.className = 'tip-label';
    label.dataset.testid = 'tip-card-label';
    label.textContent = tip.label;
    card.append(label);
  }

  if (tip.message) {
    const message = doc.createElement('p');
    message.className = 'tip-message';
    message.textContent = tip.message;
    card.append(message);
  }
  return card;
}

/**
 * Remembers recently seen ids so an event delivered twice renders once (a creator watching their
 * own stream gets each `tip` both in the room and in their user group; docs/decisions/0019-streams-tickets-and-tips.md).
 */
export function createSeenSet(capacity = 500): (id: string) => boolean {
  const seen = new Set<string>();
  return (id: string) => {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > capacity) {
      // A Set iterates in insertion order: drop the oldest.
      seen.delete(seen.values().next().value as string);
    }
    return true;
  };
}
