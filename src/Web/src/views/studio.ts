import {
  ApiError, del, errorMessage, get, post, put,
  type CallRequest, type Cashout, type EarningsSummary, type GoalDto, type Page, type PayoutAccount, type PayoutSchedule, type Stream,
  type StreamSummary, type TipMenu, type Wallet, request as apiRequest,
} from '../api';
import { RETRYING_MESSAGE, keyedAction } from '../attempt';
import { hub } from '../hub';
import { h, replace } from '../lib/dom';
import { formatCents, formatNumber, formatTokens, parseTokenAmount } from '../lib/format';
import { renderGoalBar, type Goal } from '../lib/goal';
import { routeHash } from '../lib/route';
import type { Session } from '../session';
import { earningsChart } from './chart';
import { tierEditorSection } from './tiers';
import { statusLine } from './ui';

/**
 * The creator's studio (SPEC §13, `studio`): the current show (create, start, end, cancel, overlay URL, goal), the
 * tip menu, subscription tiers with the live subscriber count, call terms and incoming call requests (live, `callRequested`), earnings with a 30-day chart, cash-outs.
 * Every figure comes from the API; the studio computes no money.
 */
export function renderStudio(root: HTMLElement, session: Session): () => void {
  const cleanups: (() => void)[] = [];
  if (session.claims.role !== 'creator') {
    root.replaceChildren(h('section', { class: 'card' }, h('h1', {}, 'Studio'), h('p', {}, 'The studio is for creators. Sign in with a creator token.')));
    return () => {};
  }

  const shows = showsSection(session, cleanups);
  const calls = callsSection(session, cleanups);
  const earnings = earningsSection(cleanups);
  root.replaceChildren(h('div', { class: 'studio', testid: 'studio' },
    h('h1', {}, 'Studio'),
    shows,
    menuSection(session),
    tierEditorSection(cleanups),
    calls,
    earnings,
    payoutSection()));
  return () => {
    for (const cleanup of cleanups) cleanup();
  };
}

// ---- Shows: the current one (live, else the newest scheduled) with its tools; a new one when there is none ----

function showsSection(session: Session, cleanups: (() => void)[]): HTMLElement {
  const body = h('div', {});
  const status = statusLine('show-status');
  const section = h('section', { class: 'card' }, h('h2', {}, 'Your show'), body, status.el);
  let current: Stream | null = null;
  let goalFromEvent: Goal | null = null;
  const goalBar = renderGoalBar(document);

  const load = async () => {
    const page = await get<Page<StreamSummary>>(`/api/creators/${session.claims.sub}/streams?limit=20`);
    const open = page.items.find((s) => s.status === 'live') ?? page.items.find((s) => s.status === 'scheduled');
    if (current && (!open || open.id !== current.id)) void hub().leaveStream(current.id);
    current = open ? await get<Stream>(`/api/streams/${open.id}`) : null;
    if (current) {
      render(current); // shown at once, even while the hub connection is down
      void hub().joinStream(current.id).catch(() => {}); // goalProgress comes to the show's room
    } else {
      renderCreate();
    }
  };
  const reload = () => load().catch((error) => status.set(errorMessage(error), 'error'));

  const renderCreate = () => {
    goalBar.set(null);
    if (renderedId === CREATE_FORM) return; // a re-read keeps what the creator is typing
    renderedId = CREATE_FORM;
    const title = h('input', { type: 'text', maxlength: '120', testid: 'show-title', 'aria-label': 'Show title', placeholder: 'Title' });
    const price = h('input', {
      type: 'number', min: '1', step: '1', inputmode: 'numeric', testid: 'show-ticket-price',
      'aria-label': 'Ticket price in tokens (empty = free show)', placeholder: 'Ticket price (empty = free)',
    });
    const create = h('button', { type: 'submit', class: 'primary', testid: 'show-create' }, 'Create show');
    const form = h('form', { class: 'stack' }, h('label', {}, 'Title ', title), h('label', {}, 'Ticket price ', price), create);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const ticketPrice = price.value.trim() === '' ? null : parseTokenAmount(price.value);
      if (price.value.trim() !== '' && ticketPrice === null) {
        status.set('A ticket price is a whole number of tokens, 1 or more — or empty for a free show.', 'error');
        return;
      }
      create.disabled = true;
      try {
        await post('/api/streams', { title: title.value, ...(ticketPrice === null ? {} : { ticketPrice }) });
        status.set('Show created. Go live when you are ready.', 'ok');
        await reload();
      } catch (error) {
        status.set(errorMessage(error), 'error');
      } finally {
        create.disabled = false;
      }
    });
    replace(body, h('p', { class: 'muted' }, 'No show scheduled. Create one:'), form);
  };

  // The header and the buttons follow every read; the overlay field and the goal form are built once per show, and the
  // create form once while there is no show, so a re-read (after a button, a streamStatus event or the hub connection
  // coming up) never replaces what the creator is typing.
  const CREATE_FORM = ''; // never a show's id
  let renderedId: string | null = null;
  const head = h('p', {});
  const actions = h('div', { class: 'row' });
  const render = (stream: Stream) => {
    const action = (label: string, path: string, testid: string, primary = false) =>
      h('button', {
        type: 'button', testid, class: primary ? 'primary' : undefined,
        on: {
          click: async () => {
            try {
              await post(`/api/streams/${stream.id}/${path}`);
              status.set('');
              await reload();
            } catch (error) {
              status.set(errorMessage(error), 'error');
            }
          },
        },
      }, label);
    replace(head,
      h('a', { href: routeHash('stream', stream.id), testid: 'show-link' }, stream.title), ' ',
      h('span', { class: `badge badge-${stream.status}`, testid: 'show-status-badge' }, stream.status), ' ',
      h('span', { class: 'muted' }, stream.ticketPrice === null ? 'free show' : `ticket ${formatTokens(stream.ticketPrice)} · ${formatNumber(stream.ticketsSold)} sold`),
      ' · ', h('span', { class: 'muted' }, `${formatTokens(stream.tipsTotal)} tipped`));
    replace(actions,
      stream.status === 'scheduled' ? action('Go live', 'start', 'show-start', true) : null,
      stream.status === 'live' ? action('End show', 'end', 'show-end') : null,
      stream.status === 'scheduled' ? action('Cancel show', 'cancel', 'show-cancel') : null);
    if (stream.goal && (!goalFromEvent || stream.goal.progress >= goalFromEvent.progress)) {
      goalBar.set({ title: stream.goal.title, target: stream.goal.target, progress: stream.goal.progress, reached: stream.goal.reachedAt !== null });
    } else if (!stream.goal) {
      goalBar.set(null);
    }
    if (renderedId === stream.id) return;
    renderedId = stream.id;
    goalFromEvent = null;

    const overlayUrl = new URL(stream.overlayUrl ?? '', location.origin).toString();
    const overlayInput = h('input', { type: 'text', readonly: true, value: overlayUrl, testid: 'overlay-url', 'aria-label': 'Overlay URL' });
    const copy = h('button', {
      type: 'button', testid: 'overlay-copy',
      on: {
        click: async () => {
          overlayInput.select();
          try {
            await navigator.clipboard.writeText(overlayUrl);
            status.set('Overlay URL copied: add it to OBS as a browser source.', 'ok');
          } catch {
            status.set('Select the overlay URL and copy it (the browser did not allow copying).', 'info');
          }
        },
      },
    }, 'Copy');

    const goalTitle = h('input', { type: 'text', maxlength: '80', testid: 'goal-title', 'aria-label': 'Goal title', placeholder: 'Goal', value: stream.goal?.title ?? '' });
    const goalTarget = h('input', {
      type: 'number', min: '1', step: '1', inputmode: 'numeric', testid: 'goal-target', 'aria-label': 'Goal target in tokens',
      placeholder: 'Target tokens', value: stream.goal ? String(stream.goal.target) : '',
    });
    const remove = h('button', {
      type: 'button', testid: 'goal-remove',
      on: {
        click: async () => {
          try {
            await del(`/api/streams/${stream.id}/goal`);
            goalFromEvent = null;
            goalBar.set(null);
            status.set('Goal removed.', 'ok');
          } catch (error) {
            status.set(errorMessage(error), 'error');
          }
        },
      },
    }, 'Remove');
    const goalForm = h('form', { class: 'row' }, goalTitle, goalTarget, h('button', { type: 'submit', testid: 'goal-save' }, 'Set goal'), remove);
    goalForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const target = parseTokenAmount(goalTarget.value);
      if (target === null) {
        status.set('The goal target is a whole number of tokens, 1 or more.', 'error');
        return;
      }
      try {
        const goal = await put<GoalDto>(`/api/streams/${stream.id}/goal`, { title: goalTitle.value, target });
        goalBar.set({ title: goal.title, target: goal.target, progress: goal.progress, reached: goal.reachedAt !== null });
        status.set('Goal set.', 'ok');
      } catch (error) {
        status.set(errorMessage(error), 'error');
      }
    });

    replace(body,
      head,
      actions,
      h('label', { class: 'overlay-field' }, 'OBS overlay ', h('span', { class: 'row' }, overlayInput, copy)),
      h('h3', {}, 'Tip goal'),
      goalBar.el,
      goalForm);
  };

  cleanups.push(hub().on<Goal & { streamId: string }>('goalProgress', (event) => {
    if (!current || event.streamId !== current.id) return;
    goalFromEvent = event;
    goalBar.set(event);
  }));
  cleanups.push(hub().on<{ streamId: string; status: string }>('streamStatus', (event) => {
    if (current && event.streamId === current.id) void reload();
  }));
  cleanups.push(hub().onConnected(() => void reload())); // the goal's progress and the show's status missed while down
  cleanups.push(() => {
    if (current) void hub().leaveStream(current.id);
  });
  void reload();
  return section;
}

// ---- Tip menu editor ----

function menuSection(session: Session): HTMLElement {
  const rows = h('ol', { class: 'menu-editor', testid: 'menu-editor' });
  const status = statusLine('menu-status');
  const addRow = (label = '', price = '') => {
    const row = h('li', { class: 'row menu-row' },
      h('input', { type: 'text', maxlength: '60', testid: 'menu-label', 'aria-label': 'Menu item label', placeholder: 'Label', value: label }),
      h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', testid: 'menu-price', 'aria-label': 'Menu item price in tokens', placeholder: 'Tokens', value: price }),
      h('button', { type: 'button', class: 'link', 'aria-label': 'Remove item', on: { click: () => row.remove() } }, 'Remove'));
    rows.append(row);
  };
  const save = h('button', { type: 'button', class: 'primary', testid: 'menu-save' }, 'Save menu');
  save.addEventListener('click', async () => {
    const items = [...rows.querySelectorAll('li')].map((row) => {
      const [label, price] = row.querySelectorAll('input');
      return { label: label.value, price: parseTokenAmount(price.value) ?? 0 };
    }).filter((item) => item.label.trim() !== '' || item.price !== 0);
    save.disabled = true;
    try {
      const menu = await put<TipMenu>('/api/creators/me/tip-menu', { items });
      status.set(`Menu saved: ${menu.items.length} item${menu.items.length === 1 ? '' : 's'}.`, 'ok');
    } catch (error) {
      status.set(errorMessage(error), 'error');
    } finally {
      save.disabled = false;
    }
  });
  get<TipMenu>(`/api/creators/${session.claims.sub}/tip-menu`)
    .then((menu) => {
      for (const item of menu.items) addRow(item.label, String(item.price));
      if (menu.items.length === 0) addRow();
    })
    .catch((error) => status.set(errorMessage(error), 'error'));
  return h('section', { class: 'card' },
    h('h2', {}, 'Tip menu'),
    h('p', { class: 'muted' }, 'Fans tip an item at its price; its label shows on your overlay.'),
    rows,
    h('div', { class: 'row' }, h('button', { type: 'button', testid: 'menu-add', on: { click: () => addRow() } }, 'Add item'), save),
    status.el);
}

// ---- Calls: terms, and requests waiting for an answer ----

function callsSection(session: Session, cleanups: (() => void)[]): HTMLElement {
  const rate = h('input', { type: 'number', min: '2', step: '2', inputmode: 'numeric', testid: 'call-rate', 'aria-label': 'Call rate in tokens per minute', placeholder: 'Tokens per minute' });
  const available = h('input', { type: 'checkbox', testid: 'call-available', 'aria-label': 'Taking calls' });
  const save = h('button', { type: 'submit', testid: 'call-settings-save' }, 'Save');
  const status = statusLine('call-settings-status');
  const form = h('form', { class: 'row' }, h('label', {}, 'Rate per minute ', rate), h('label', { class: 'check' }, available, ' Taking calls'), save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const perMinute = parseTokenAmount(rate.value);
    if (perMinute === null) {
      status.set('The rate is an even whole number of tokens per minute, 2 or more.', 'error');
      return;
    }
    try {
      await put('/api/creators/me/call-settings', { ratePerMinute: perMinute, available: available.checked });
      status.set(available.checked ? 'Saved: you are taking calls.' : 'Saved: you are not taking calls.', 'ok');
    } catch (error) {
      status.set(errorMessage(error), 'error');
    }
  });

  const requests = h('ul', { class: 'list', testid: 'call-requests' });
  const requestStatus = statusLine('call-request-status');
  const shown = new Map<string, HTMLElement>();
  const showEmpty = () => {
    if (shown.size === 0) replace(requests, h('li', { class: 'muted' }, 'No one is calling right now.'));
  };
  const add = (request: CallRequest) => {
    if (shown.has(request.callId)) return;
    if (shown.size === 0) requests.replaceChildren();
    const answer = (path: 'accept' | 'decline') => async () => {
      try {
        if (path === 'accept') {
          await keyedAction(`accept:${request.callId}`, 'Accept').post(`/api/calls/${request.callId}/accept`, undefined, () => requestStatus.set(RETRYING_MESSAGE));
          location.hash = routeHash('call', request.callId);
        } else {
          await post(`/api/calls/${request.callId}/decline`);
          remove(request.callId);
        }
      } catch (error) {
        requestStatus.set(error instanceof ApiError && error.code === 'conflict' ? 'That request is no longer waiting.' : errorMessage(error), 'error');
        if (error instanceof ApiError && (error.code === 'conflict' || error.code === 'not-found')) remove(request.callId);
      }
    };
    const item = h('li', { class: 'call-request', testid: 'call-request-incoming', 'data-call-id': request.callId },
      h('strong', {}, request.fanName || 'A fan'), ` wants a call at ${formatTokens(request.ratePerMinute)}/min `,
      h('span', { class: 'row' },
        h('button', { type: 'button', class: 'primary', testid: 'call-accept', on: { click: answer('accept') } }, 'Accept'),
        h('button', { type: 'button', testid: 'call-decline', on: { click: answer('decline') } }, 'Decline')));
    shown.set(request.callId, item);
    requests.append(item);
  };
  const remove = (callId: string) => {
    shown.get(callId)?.remove();
    shown.delete(callId);
    showEmpty();
  };

  cleanups.push(hub().on<CallRequest>('callRequested', add));
  cleanups.push(hub().on<{ callId: string; status: string }>('callStatus', (event) => {
    if (event.status !== 'requested') remove(event.callId);
  }));
  const loadRequests = () => get<Page<CallRequest>>('/api/creators/me/call-requests?limit=50')
    .then((page) => {
      page.items.forEach(add);
      showEmpty();
    })
    .catch((error) => requestStatus.set(errorMessage(error), 'error'));
  cleanups.push(hub().onConnected(() => void loadRequests()));
  void loadRequests();

  // The form waits for the terms in force, so what the creator types is not overwritten by the first read.
  for (const input of [rate, available, save]) input.disabled = true;
  get<{ callSettings: { ratePerMinute: number; available: boolean } | null }>(`/api/creators/${session.claims.sub}`)
    .then((creator) => {
      if (creator.callSettings) {
        rate.value = String(creator.callSettings.ratePerMinute);
        available.checked = creator.callSettings.available;
      }
    })
    .catch(() => {})
    .finally(() => {
      for (const input of [rate, available, save]) input.disabled = false;
    });

  return h('section', { class: 'card' }, h('h2', {}, 'Calls'), form, status.el, h('h3', {}, 'Incoming requests'), requests, requestStatus.el);
}

// ---- Payout account and weekly payouts (SPEC §16) ----

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function payoutSection(): HTMLElement {
  const state = h('strong', { testid: 'payout-status' }, '…');
  const detail = h('p', { class: 'muted' });
  const connect = h('button', { type: 'button', class: 'primary', testid: 'payout-connect' }, 'Connect payout account');
  const status = statusLine('payout-account-status');
  const weekday = h('select', { testid: 'payout-schedule', 'aria-label': 'Weekly payout day' },
    h('option', { value: '' }, 'No weekly payout'), ...WEEKDAYS.map((d) => h('option', { value: d }, d[0].toUpperCase() + d.slice(1))));
  const minimum = h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', testid: 'payout-schedule-minimum', 'aria-label': 'Weekly payout minimum', placeholder: 'Minimum tokens' });
  const save = h('button', { type: 'submit', testid: 'payout-schedule-save' }, 'Save schedule');
  const scheduleStatus = statusLine('payout-schedule-status');
  const scheduleForm = h('form', { class: 'row' }, weekday, minimum, save);

  const show = (account: PayoutAccount) => {
    state.textContent = account.status;
    connect.textContent = account.status === 'none' ? 'Connect payout account' : account.status === 'enabled' ? 'Update payout details' : 'Continue onboarding';
    detail.textContent = account.status === 'enabled'
      ? `Payouts go to your ${account.country ?? ''} bank account in ${(account.currency ?? 'usd').toUpperCase()}.`
      : account.requirements.length > 0 ? `Stripe still needs: ${account.requirements.join(', ')}.` : 'Connect a Stripe account to be paid.';
  };
  const load = async () => {
    show(await get<PayoutAccount>('/api/creators/me/payout-account'));
    const schedule = await get<PayoutSchedule | null>('/api/creators/me/payout-schedule');
    weekday.value = schedule?.weekday ?? '';
    minimum.value = schedule ? String(schedule.minimumTokens) : '';
  };

  connect.addEventListener('click', async () => {
    connect.disabled = true;
    try {
      const link = await post<{ status: string; onboardingUrl: string }>('/api/creators/me/payout-account');
      if (!isSandboxOnboarding(link.onboardingUrl)) {
        window.location.assign(link.onboardingUrl); // Stripe's hosted onboarding; it returns to the studio
        return;
      }
      show((await apiRequest<PayoutAccount>('POST', link.onboardingUrl)).data);
      status.set('Payout account connected.', 'ok');
    } catch (error) {
      status.set(errorMessage(error), 'error');
    } finally {
      connect.disabled = false;
    }
  });

  scheduleForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const min = minimum.value.trim() === '' ? null : parseTokenAmount(minimum.value);
    if (weekday.value !== '' && minimum.value.trim() !== '' && min === null) {
      scheduleStatus.set('Enter a whole number of tokens.', 'error');
      return;
    }
    save.disabled = true;
    try {
      await put<PayoutSchedule | null>('/api/creators/me/payout-schedule', weekday.value === '' ? null : { weekday: weekday.value, minimumTokens: min });
      scheduleStatus.set(weekday.value === '' ? 'Weekly payouts off.' : `Every ${weekday.value}, when your cashable earnings reach the minimum.`, 'ok');
    } catch (error) {
      scheduleStatus.set(errorMessage(error), 'error');
    } finally {
      save.disabled = false;
    }
  });

  void load().catch((error) => status.set(errorMessage(error), 'error'));
  return h('section', { class: 'card' },
    h('h2', {}, 'Payouts'),
    h('p', {}, 'Payout account: ', state), detail, connect, status.el,
    h('h3', {}, 'Weekly payout'), scheduleForm, scheduleStatus.el);
}

/** The sandbox's onboarding is an API route on this origin; Stripe's is a page to visit. */
function isSandboxOnboarding(url: string): boolean {
  try {
    const target = new URL(url, window.location.origin);
    return target.origin === window.location.origin && target.pathname.startsWith('/api/sandbox/connect/');
  } catch {
    return false;
  }
}

// ---- Earnings and cash-outs ----

function earningsSection(cleanups: (() => void)[]): HTMLElement {
  const cashable = h('strong', { testid: 'earnings-cashable' }, '…');
  const clearing = h('strong', { testid: 'earnings-clearing' }, '…');
  const escrow = h('strong', { testid: 'earnings-escrow' }, '…');
  const note = h('p', { class: 'muted', testid: 'earnings-note' });
  const chart = h('div', { class: 'chart', testid: 'earnings-chart' });
  const history = h('ul', { class: 'list', testid: 'cashout-history' });
  const tokens = h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', testid: 'cashout-tokens', 'aria-label': 'Tokens to cash out', placeholder: 'Tokens' });
  const request = h('button', { type: 'submit', class: 'primary', testid: 'cashout-request' }, 'Request cash-out');
  const status = statusLine('cashout-status');
  const form = h('form', { class: 'row' }, tokens, request);

  const loadWallet = async () => {
    const wallet = await get<Wallet>('/api/wallet');
    if (wallet.earnings) {
      cashable.textContent = formatTokens(wallet.earnings.cashable);
      clearing.textContent = formatTokens(wallet.earnings.clearing);
      escrow.textContent = formatTokens(wallet.earnings.escrow);
      note.textContent = `Cashable now: ${formatCents(wallet.cashableCents)}. Earnings clear before they can be cashed out; ticket sales wait in escrow until the show ends.`;
    } else {
      // This API does not separate earnings yet (SPEC §11): what can be cashed out is the balance.
      cashable.textContent = formatTokens(wallet.balance);
      clearing.textContent = '—';
      escrow.textContent = '—';
      note.textContent = `Your earnings are in your balance: ${formatCents(wallet.balance * 5)} at 5 cents a token.`;
    }
  };
  const loadHistory = async () => {
    const page = await get<Page<Cashout>>('/api/cashouts?limit=20');
    if (page.items.length === 0) replace(history, h('li', { class: 'muted' }, 'No cash-outs yet.'));
    else replace(history, ...page.items.map((c) => h('li', { testid: 'cashout-item' },
      `${formatTokens(c.tokens)} → ${formatCents(c.usdCents)} `, h('span', { class: `badge badge-${c.status}`, testid: 'cashout-item-status' }, c.status),
      c.bankStatus ? h('span', { class: `badge badge-${c.bankStatus}`, testid: 'cashout-bank-status', title: 'At the bank' }, `bank ${c.bankStatus}`) : null,
      c.failureReason ? h('span', { class: 'muted' }, ` ${c.failureReason}`) : null,
      c.createdAt ? h('span', { class: 'muted' }, ` ${c.createdAt.slice(0, 10)}`) : null)));
    // The payout job and the bank move a cash-out on without a hub event to the creator: look again while one is under way.
    clearTimeout(historyTimer);
    if (page.items.some((c) => c.status === 'approved' || c.bankStatus === 'pending')) {
      historyTimer = window.setTimeout(() => void loadHistory().catch(() => {}), 2000);
    }
  };
  let historyTimer: number | undefined;
  cleanups.push(() => clearTimeout(historyTimer));
  const loadChart = async () => replace(chart, earningsChart(await get<EarningsSummary>('/api/creators/me/earnings')));
  const refresh = () => Promise.all([loadWallet(), loadHistory(), loadChart()]).catch((error) => status.set(errorMessage(error), 'error'));

  const cashingOut = keyedAction('cashout', 'Request cash-out');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const amount = parseTokenAmount(tokens.value);
    if (amount === null) {
      status.set('Enter a whole number of tokens.', 'error');
      return;
    }
    request.disabled = true;
    try {
      const { data } = await cashingOut.post<Cashout>('/api/cashouts', { tokens: amount }, () => status.set(RETRYING_MESSAGE));
      status.set(`Cash-out requested: ${formatTokens(data.tokens)} for ${formatCents(data.usdCents)}.`, 'ok');
      tokens.value = '';
      await refresh();
    } catch (error) {
      status.set(error instanceof ApiError && error.code === 'insufficient-funds'
        ? (error.problem.debt !== undefined
          ? `Your wallet owes ${formatTokens(Number(error.problem.debt))}: buy tokens to repay it before cashing out.`
          : `Not enough to cash out: you can cash out ${formatTokens(Number(error.problem.balance ?? 0))} now.`)
        : error instanceof ApiError && error.code === 'payout-account-required'
          ? 'Connect a payout account first (Payouts, below).'
          : errorMessage(error), 'error');
    } finally {
      request.disabled = false;
    }
  });

  let timer: number | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => void refresh(), 300);
  };
  cleanups.push(hub().on('earningsChanged', soon));
  cleanups.push(hub().on('balanceChanged', soon));
  cleanups.push(hub().onConnected(soon)); // what changed while the connection was down
  cleanups.push(() => clearTimeout(timer));
  void refresh();

  return h('section', { class: 'card' },
    h('h2', {}, 'Earnings'),
    h('dl', { class: 'figures-grid' },
      h('dt', {}, 'Cashable'), h('dd', {}, cashable),
      h('dt', {}, 'Clearing'), h('dd', {}, clearing),
      h('dt', {}, 'In escrow'), h('dd', {}, escrow)),
    note,
    h('h3', {}, 'Last 30 days'),
    chart,
    h('h3', {}, 'Cash out'),
    form,
    status.el,
    h('h3', {}, 'Cash-out history'),
    history);
}
