// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { goalPercent, renderGoalBar } from './goal';

describe('goalPercent', () => {
  it('is whole percent, capped at 100', () => {
    expect(goalPercent({ target: 100, progress: 0 })).toBe(0);
    expect(goalPercent({ target: 3, progress: 1 })).toBe(33);
    expect(goalPercent({ target: 100, progress: 250 })).toBe(100);
    expect(goalPercent({ target: 0, progress: 5 })).toBe(0);
  });
});

describe('renderGoalBar', () => {
  it('shows the title as text and the figures, hidden without a goal', () => {
    const bar = renderGoalBar(document);
    expect(bar.el.hidden).toBe(true);
    bar.set({ title: '<b>Mic</b>', target: 200, progress: 50, reached: false });
    expect(bar.el.hidden).toBe(false);
    expect(bar.el.querySelector('b')).toBeNull();
    expect(bar.el.textContent).toContain('<b>Mic</b>');
    expect(bar.el.textContent).toContain('50 / 200');
    expect(bar.el.dataset.progress).toBe('50');
    bar.set(null);
    expect(bar.el.hidden).toBe(true);
  });
});
