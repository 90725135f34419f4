import { download, errorMessage, get, type Page, type Transaction } from '../api';
import { h, replace } from '../lib/dom';
import { statusLine } from './ui';

/**
 * The wallet's statement (`statement`), newest first and paged, and the same rows as a CSV file (`statement-csv`,
 * `GET /api/wallet/transactions.csv`, fetched with the token and saved by the browser).
 */
export function renderStatement(root: HTMLElement): () => void {
  let disposed = false;
  const rows = h('tbody', {});
  const more = h('button', { type: 'button', testid: 'statement-more', hidden: true }, 'Older entries');
  const status = statusLine('statement-status');
  const csv = h('button', { type: 'button', testid: 'statement-csv' }, 'Download CSV');
  csv.addEventListener('click', async () => {
    try {
      await download('/api/wallet/transactions.csv', `digis-statement-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (error) {
      status.set(errorMessage(error), 'error');
    }
  });

  let cursor: string | null = null;
  const load = async () => {
    const page = await get<Page<Transaction>>(`/api/wallet/transactions?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (disposed) return;
    if (!cursor && page.items.length === 0) replace(rows, h('tr', {}, h('td', { colspan: '4', class: 'muted' }, 'Nothing yet.')));
    rows.append(...page.items.map((t) => h('tr', { testid: 'statement-row', 'data-id': t.id },
      h('td', { class: 'nowrap' }, t.createdAt.slice(0, 19).replace('T', ' ')),
      h('td', {}, h('span', { class: 'badge' }, t.kind), t.memo ? h('span', { class: 'memo' }, ` ${t.memo}`) : null),
      h('td', { class: `num ${t.amount < 0 ? 'neg' : 'pos'}`, 'data-amount': String(t.amount) }, `${t.amount > 0 ? '+' : ''}${t.amount}`),
      h('td', { class: 'num' }, String(t.balanceAfter)))));
    cursor = page.nextCursor;
    more.hidden = cursor === null;
  };
  more.addEventListener('click', () => void load().catch((error) => status.set(errorMessage(error), 'error')));

  root.replaceChildren(h('section', { class: 'card' },
    h('div', { class: 'row spread' }, h('h1', {}, 'Statement'), csv),
    h('p', { class: 'muted' }, 'Every movement of your wallet, newest first, in tokens. The file has the same rows (RFC 4180 CSV).'),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'statement', testid: 'statement' },
        h('thead', {}, h('tr', {}, h('th', {}, 'When (UTC)'), h('th', {}, 'What'), h('th', { class: 'num' }, 'Tokens'), h('th', { class: 'num' }, 'Balance'))),
        rows)),
    more,
    status.el));
  void load().catch((error) => status.set(errorMessage(error), 'error'));
  return () => {
    disposed = true;
  };
}
