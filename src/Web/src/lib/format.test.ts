import { describe, expect, it } from 'vitest';
import { formatCents, formatClock, formatNumber, formatTokens, parseTokenAmount } from './format';

describe('formatCents', () => {
  it('formats whole cents without floating point', () => {
    expect(formatCents(999)).toBe('$9.99');
    expect(formatCents(4999, 'usd')).toBe('$49.99');
    expect(formatCents(9999)).toBe('$99.99');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(123456789)).toBe('$1,234,567.89');
    expect(formatCents(-250)).toBe('-$2.50');
  });

  it('names other currencies by code', () => {
    expect(formatCents(1000, 'eur')).toBe('EUR 10.00');
  });
});

describe('formatTokens and formatNumber', () => {
  it('groups thousands and pluralises', () => {
    expect(formatTokens(1)).toBe('1 token');
    expect(formatTokens(0)).toBe('0 tokens');
    expect(formatTokens(1200)).toBe('1,200 tokens');
    expect(formatNumber(100000)).toBe('100,000');
  });
});

describe('formatClock', () => {
  it('shows minutes and seconds, hours when needed', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(9)).toBe('0:09');
    expect(formatClock(275)).toBe('4:35');
    expect(formatClock(3600)).toBe('1:00:00');
    expect(formatClock(3725)).toBe('1:02:05');
  });

  it('clamps negatives and drops fractions', () => {
    expect(formatClock(-5)).toBe('0:00');
    expect(formatClock(61.9)).toBe('1:01');
  });
});

describe('parseTokenAmount', () => {
  it('accepts whole positive numbers only', () => {
    expect(parseTokenAmount('10')).toBe(10);
    expect(parseTokenAmount(' 250 ')).toBe(250);
    for (const bad of ['', '0', '-1', '10.5', '1e3', 'abc', '0x10', '9007199254740993']) {
      expect(parseTokenAmount(bad), bad).toBeNull();
    }
  });
});
