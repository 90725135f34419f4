import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Refresher } from './refresher';

describe('Refresher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once for the requests made while one is pending, at the delay its random draw gives', () => {
    let runs = 0;
    const refresher = new Refresher(() => runs++, 500, 4_500, () => 0.5);
    refresher.request();
    refresher.request();
    vi.advanceTimersByTime(2_749);
    refresher.request();
    expect(runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(runs).toBe(1);
  });

  it('still runs while requests keep coming faster than its delay', () => {
    let runs = 0;
    const refresher = new Refresher(() => runs++, 500, 4_500, () => 0.99);
    for (let elapsed = 0; elapsed < 20_000; elapsed += 100) {
      refresher.request();
      vi.advanceTimersByTime(100);
    }
    expect(runs).toBeGreaterThanOrEqual(4); // every 4,955 ms at the latest
  });

  it('spreads the delay between the minimum and the minimum plus the spread', () => {
    const delays = [0, 0.999999].map((draw) => {
      let ranAt = -1;
      const refresher = new Refresher(() => (ranAt = Date.now()), 500, 4_500, () => draw);
      const start = Date.now();
      refresher.request();
      vi.advanceTimersByTime(5_000);
      return ranAt - start;
    });
    expect(delays).toEqual([500, 4_999]);
  });

  it('runs at once on now() and drops the pending run; cancel() drops it too', () => {
    let runs = 0;
    const refresher = new Refresher(() => runs++, 500, 4_500, () => 0);
    refresher.request();
    refresher.now();
    expect(runs).toBe(1);
    vi.advanceTimersByTime(5_000);
    expect(runs).toBe(1);
    refresher.request();
    refresher.cancel();
    vi.advanceTimersByTime(5_000);
    expect(runs).toBe(1);
  });
});
