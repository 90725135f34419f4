import { ApiError, errorMessage, type Stream, type Ticket } from '../api';
import { RETRYING_MESSAGE, keyedAction } from '../attempt';
import { h } from '../lib/dom';
import { formatTokens } from '../lib/format';
import { balanceEpoch, setFromResponse } from '../wallet';
import { openBuySheet } from './buySheet';
import { openLayer, statusLine } from './ui';

/**
 * The ticket modal for a ticketed show (`ticket-modal`, confirm `ticket-buy`). The price shown is
 * the stream's; the request names no price (the server charges the stream's own, SPEC §4).
 * Resolves true once the fan holds a ticket (201 new, or 200 the one they already had), false
 * when the modal is dismissed.
 */
export function showTicketModal(stream: Stream): { result: Promise<boolean>; close: () => void } {
  let resolve!: (bought: boolean) => void;
  const result = new Promise<boolean>((r) => (resolve = r));
  let busy = false;
  const price = stream.ticketPrice ?? 0;

  const status = statusLine('ticket-status');
  const buying = keyedAction(`ticket:${stream.id}`, 'Buy ticket');
  const buy = h('button', { type: 'button', class: 'primary', testid: 'ticket-buy' }, `Buy ticket · ${formatTokens(price)}`);
  const cancel = h('button', { type: 'button', testid: 'ticket-cancel' }, 'Not now');
  const panel = h('section', { class: 'ticket-modal', testid: 'ticket-modal', 'aria-labelledby': 'ticket-title' },
    h('h2', { id: 'ticket-title' }, 'This show needs a ticket'),
    h('p', {}, h('strong', {}, stream.title)),
    h('p', { class: 'ticket-price' }, 'Price: ', h('strong', { testid: 'ticket-price' }, formatTokens(price))),
    h('div', { class: 'actions' }, buy, cancel),
    status.el);

  const dismiss = () => {
    if (busy) return;
    closeLayer();
    resolve(false);
  };
  const closeLayer = openLayer(panel, dismiss);
  cancel.addEventListener('click', dismiss);

  buy.addEventListener('click', async () => {
    if (busy) return;
    busy = true;
    buy.disabled = true;
    status.set('Buying your ticket…');
    const epoch = balanceEpoch();
    try {
      const { data: ticket } = await buying.post<Ticket>(`/api/streams/${stream.id}/tickets`, undefined, () => status.set(RETRYING_MESSAGE));
      setFromResponse(ticket.balance, epoch);
      closeLayer();
      resolve(true);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'insufficient-funds') {
        status.set(error.message, 'error');
        openBuySheet(error.message);
      } else if (error instanceof ApiError && error.code === 'conflict') {
        status.set('Tickets are no longer on sale: this show has ended or was cancelled.', 'error');
      } else {
        status.set(errorMessage(error), 'error');
      }
    } finally {
      busy = false;
      buy.disabled = false;
    }
  });

  return {
    result,
    close: () => {
      closeLayer();
      resolve(false);
    },
  };
}
