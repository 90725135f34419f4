import { errorMessage, get, put, type PendingLimit, type SpendingLimits } from '../api';
import { h, replace } from '../lib/dom';
import { formatTokens, parseTokenAmount } from '../lib/format';
import { statusLine } from './ui';

/**
 * The fan's own spending limits (SPEC §13): daily and monthly, empty = none. A lower limit holds at once; a higher
 * one (or none) 24 hours later, which the page shows as pending.
 */
export function renderLimits(root: HTMLElement): () => void {
  const daily = h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', testid: 'limit-daily', 'aria-label': 'Daily limit in tokens (empty = none)', placeholder: 'No limit' });
  const monthly = h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', testid: 'limit-monthly', 'aria-label': 'Monthly limit in tokens (empty = none)', placeholder: 'No limit' });
  const save = h('button', { type: 'submit', class: 'primary', testid: 'limit-save' }, 'Save limits');
  const spent = h('p', { testid: 'limit-spent' });
  const pending = h('div', { testid: 'limit-pending' });
  const status = statusLine('limit-status');

  const show = (limits: SpendingLimits) => {
    daily.value = limits.dailyTokens === null ? '' : String(limits.dailyTokens);
    monthly.value = limits.monthlyTokens === null ? '' : String(limits.monthlyTokens);
    spent.textContent = `Spent today: ${formatTokens(limits.spentToday)}${limits.dailyTokens === null ? '' : ` of ${formatTokens(limits.dailyTokens)}`} · `
      + `this month: ${formatTokens(limits.spentThisMonth)}${limits.monthlyTokens === null ? '' : ` of ${formatTokens(limits.monthlyTokens)}`} (UTC).`;
    const line = (name: string, p: PendingLimit | null) => p === null ? null
      : h('p', { class: 'muted' }, `Your ${name} limit becomes ${p.tokens === null ? 'none' : formatTokens(p.tokens)} at ${p.effectiveAt.slice(0, 16).replace('T', ' ')} UTC.`);
    replace(pending, ...(limits.pending ? [line('daily', limits.pending.daily), line('monthly', limits.pending.monthly)] : []));
  };

  const form = h('form', { class: 'stack' },
    h('label', {}, 'Daily limit (tokens) ', daily),
    h('label', {}, 'Monthly limit (tokens) ', monthly),
    save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const read = (input: HTMLInputElement) => (input.value.trim() === '' ? null : parseTokenAmount(input.value));
    const body = { dailyTokens: read(daily), monthlyTokens: read(monthly) };
    if ((daily.value.trim() !== '' && body.dailyTokens === null) || (monthly.value.trim() !== '' && body.monthlyTokens === null)) {
      status.set('A limit is a whole number of tokens, 1 or more — or empty for none.', 'error');
      return;
    }
    save.disabled = true;
    try {
      const limits = await put<SpendingLimits>('/api/me/spending-limits', body);
      show(limits);
      status.set(limits.pending ? 'Saved. Lower limits hold now; higher ones take effect in 24 hours.' : 'Saved.', 'ok');
    } catch (error) {
      status.set(errorMessage(error), 'error');
    } finally {
      save.disabled = false;
    }
  });

  root.replaceChildren(h('section', { class: 'card' },
    h('h1', {}, 'Spending limits'),
    h('p', { class: 'muted' }, 'Cap what you spend on tips, tickets and calls. Lowering a limit takes effect at once; raising or removing one takes 24 hours.'),
    form, spent, pending, status.el));
  // The form waits for the limits in force, so what the user types is not overwritten by the first read.
  const inputs = [daily, monthly, save];
  for (const input of inputs) input.disabled = true;
  get<SpendingLimits>('/api/me/spending-limits')
    .then(show)
    .catch((error) => status.set(errorMessage(error), 'error'))
    .finally(() => {
      for (const input of inputs) input.disabled = false;
    });
  return () => {};
}
