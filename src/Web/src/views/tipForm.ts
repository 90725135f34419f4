import { ApiError, errorMessage, get, type Tip, type TipMenu } from '../api';
import { RETRYING_MESSAGE, keyedAction } from '../attempt';
import { h } from '../lib/dom';
import { formatTokens, parseTokenAmount } from '../lib/format';
import { balanceEpoch, setFromResponse } from '../wallet';
import { openBuySheet } from './buySheet';
import { statusLine } from './ui';

export const TIP_PRESETS = [10, 50, 100] as const;
const MESSAGE_MAX = 200;

export interface TipTarget {
  creatorId: string;
  creatorName?: string;
  /** Set on the stream view: the tip then shows in the stream's live overlay. */
  streamId?: string;
}

/**
 * The tip button (`tip-button`) and the form it opens: presets, a custom amount (`tip-amount`),
 * an optional message (`tip-message`) and send (`tip-send`). A send keeps its Idempotency-Key until
 * the server answers definitively (`KeyedAction`): retried through connection trouble, and after an
 * uncertain outcome the next press replays under the same key instead of charging again.
 */
export function tipWidget(target: TipTarget): HTMLElement {
  const amount = h('input', {
    type: 'number', min: '1', step: '1', inputmode: 'numeric', testid: 'tip-amount',
    'aria-label': 'Tip amount in tokens', placeholder: 'Tokens', value: String(TIP_PRESETS[0]),
  });
  const message = h('input', {
    type: 'text', maxlength: String(MESSAGE_MAX), testid: 'tip-message',
    'aria-label': 'Message (optional)', placeholder: 'Say something (optional)',
  });
  const send = h('button', { type: 'submit', class: 'primary', testid: 'tip-send' }, 'Send tip');
  const status = statusLine('tip-status');
  const sending = keyedAction(`tip:${target.creatorId}:${target.streamId ?? ''}`, 'Send tip');

  const presets = h('div', { class: 'presets', role: 'group', 'aria-label': 'Preset amounts' },
    ...TIP_PRESETS.map((value) =>
      h('button', {
        type: 'button', class: 'preset', testid: `tip-preset-${value}`,
        on: { click: () => { amount.value = String(value); amount.focus(); } },
      }, formatTokens(value))));

  const form = h('form', { class: 'tip-form', hidden: true, testid: 'tip-form' },
    presets,
    h('label', {}, 'Amount ', amount),
    h('label', {}, 'Message ', message),
    send,
    status.el);

  const button = h('button', {
    type: 'button', class: 'primary', testid: 'tip-button', 'aria-expanded': 'false',
    on: {
      click: () => {
        form.hidden = !form.hidden;
        button.setAttribute('aria-expanded', String(!form.hidden));
        if (!form.hidden) amount.focus();
      },
    },
  }, target.creatorName ? `Tip ${target.creatorName}` : 'Send a tip');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const tokens = parseTokenAmount(amount.value);
    if (tokens === null) {
      status.set('Enter a whole number of tokens, 1 or more.', 'error');
      return;
    }
    const text = message.value.trim();
    send.disabled = true;
    status.set('Sending…');
    const epoch = balanceEpoch();
    try {
      const { data: tip } = await sending.post<Tip>('/api/tips', {
        creatorId: target.creatorId,
        amount: tokens,
        ...(text ? { message: text } : {}),
        ...(target.streamId ? { streamId: target.streamId } : {}),
      }, () => status.set(RETRYING_MESSAGE));
      setFromResponse(tip.balance, epoch);
      status.set(`Sent ${formatTokens(tip.amount)}. Your balance: ${formatTokens(tip.balance)}.`, 'ok');
      message.value = '';
    } catch (error) {
      showTipError(error, status.set);
    } finally {
      send.disabled = false;
    }
  });

  return h('div', { class: 'tip-widget' }, button, form);
}

/**
 * What a refused tip tells the fan: 402 opens the buy sheet, 403 `limit-reached` explains the limit (its own
 * sentence, with what was spent and when it resets), 400 shows the API's `detail`, an uncertain outcome says to
 * press again; the rest their own sentence.
 */
function showTipError(error: unknown, say: (text: string, kind?: 'info' | 'error' | 'ok') => void): void {
  say(errorMessage(error), 'error');
  if (error instanceof ApiError && error.code === 'insufficient-funds') openBuySheet(error.message);
}

/**
 * The creator's tip menu (SPEC §13): one button per item (`tip-menu-item`), each tipping the item's price — the
 * client names only the item, never the amount. Nothing shows when the creator has no menu.
 */
export function tipMenuWidget(target: TipTarget): HTMLElement {
  const list = h('div', { class: 'tip-menu', role: 'group', 'aria-label': 'Tip menu' });
  const status = statusLine('tip-menu-status');
  const section = h('div', { class: 'tip-menu-widget', hidden: true }, h('h3', {}, 'Tip menu'), list, status.el);
  get<TipMenu>(`/api/creators/${target.creatorId}/tip-menu`)
    .then((menu) => {
      section.hidden = menu.items.length === 0;
      list.replaceChildren(...menu.items.map((item) => {
        const sending = keyedAction(`tip-menu:${item.id}:${target.streamId ?? ''}`, item.label);
        const button = h('button', { type: 'button', class: 'menu-item', testid: 'tip-menu-item', 'data-item-id': item.id },
          h('span', { class: 'menu-label' }, item.label), ' ', h('span', { class: 'menu-price' }, formatTokens(item.price)));
        button.addEventListener('click', async () => {
          button.disabled = true;
          status.set(`Sending ${item.label}…`);
          const epoch = balanceEpoch();
          try {
            const { data: tip } = await sending.post<Tip>('/api/tips', {
              creatorId: target.creatorId,
              menuItemId: item.id,
              ...(target.streamId ? { streamId: target.streamId } : {}),
            }, () => status.set(RETRYING_MESSAGE));
            setFromResponse(tip.balance, epoch);
            status.set(`Sent “${item.label}” (${formatTokens(tip.amount)}). Your balance: ${formatTokens(tip.balance)}.`, 'ok');
          } catch (error) {
            showTipError(error, status.set);
          } finally {
            button.disabled = false;
          }
        });
        return button;
      }));
    })
    .catch(() => {
      section.hidden = true;
    });
  return section;
}
