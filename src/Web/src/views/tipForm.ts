import { ApiError, errorMessage, type Tip } from '../api';
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
      if (error instanceof ApiError && error.code === 'insufficient-funds') {
        status.set(error.message, 'error');
        openBuySheet(error.message);
      } else {
        // 400 validation shows the API's `detail`; an uncertain outcome says to press again; the rest their own sentence.
        status.set(errorMessage(error), 'error');
      }
    } finally {
      send.disabled = false;
    }
  });

  return h('div', { class: 'tip-widget' }, button, form);
}
