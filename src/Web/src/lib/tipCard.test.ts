// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createSeenSet, renderTipCard, type TipEvent } from './tipCard';

function tip(overrides: Partial<TipEvent> = {}): TipEvent {
  return {
    id: '0190a000-0000-7000-8000-000000000001',
    streamId: '0190a000-0000-7000-8000-0000000000aa',
    creatorId: '0190a000-0000-7000-8000-0000000000bb',
    fanId: '0190a000-0000-7000-8000-0000000000cc',
    fanName: 'Ada',
    amount: 50,
    message: 'Great show!',
    createdAt: '2025-01-01T00:00:00.000000Z',
    ...overrides,
  };
}

describe('renderTipCard', () => {
  it('shows name, amount and message', () => {
    const card = renderTipCard(document, tip());
    expect(card.dataset.testid).toBe('tip-card');
    expect(card.querySelector('.tip-name')?.textContent).toBe('Ada');
    expect(card.querySelector('.tip-amount')?.textContent).toBe('50 tokens');
    expect(card.querySelector('.tip-message')?.textContent).toBe('Great show!');
  });

  it('shows a menu item label as text', () => {
    const card = renderTipCard(document, tip({ label: '<i>Dance</i>', menuItemId: 'x' }));
    expect(card.querySelector('[data-testid=tip-card-label]')?.textContent).toBe('<i>Dance</i>');
    expect(card.querySelector('i')).toBeNull();
    expect(renderTipCard(document, tip()).querySelector('.tip-label')).toBeNull();
  });

  it('renders a message as text, never as HTML', () => {
    const message = '<img src=x onerror=alert(1)>';
    const card = renderTipCard(document, tip({ message, fanName: '<b>Mallory</b>' }));
    document.body.append(card);
    expect(card.querySelector('img')).toBeNull();
    expect(card.querySelector('b')).toBeNull();
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect(card.querySelector('.tip-message')?.textContent).toBe(message);
    expect(card.querySelector('.tip-name')?.textContent).toBe('<b>Mallory</b>');
    // The markup is escaped in the serialised HTML: it is character data.
    expect(card.innerHTML).toContain('&lt;img src=x onerror=alert(1)&gt;');
    card.remove();
  });

  it('leaves out an empty message and names an anonymous fan', () => {
    const card = renderTipCard(document, tip({ message: null, fanName: '' }));
    expect(card.querySelector('.tip-message')).toBeNull();
    expect(card.querySelector('.tip-name')?.textContent).toBe('Someone');
  });

  it('takes another test id for other lists', () => {
    expect(renderTipCard(document, tip(), 'stream-tip').dataset.testid).toBe('stream-tip');
  });
});

describe('createSeenSet', () => {
  it('reports each id once', () => {
    const firstSeen = createSeenSet();
    expect(firstSeen('a')).toBe(true);
    expect(firstSeen('a')).toBe(false);
    expect(firstSeen('b')).toBe(true);
  });

  it('forgets the oldest beyond its capacity', () => {
    const firstSeen = createSeenSet(2);
    firstSeen('a');
    firstSeen('b');
    firstSeen('c');
    expect(firstSeen('a')).toBe(true);
    expect(firstSeen('c')).toBe(false);
  });
});
