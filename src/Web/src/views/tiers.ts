import { ApiError, errorMessage, get, put, type Page, type Subscription, type SubscriptionChanged, type SubscriptionTier } from '../api';
import { RETRYING_MESSAGE, keyedAction } from '../attempt';
import { hub } from '../hub';
import { h, replace } from '../lib/dom';
import { formatTokens, parseTokenAmount } from '../lib/format';
import { pageHash } from '../lib/route';
import { openBuySheet } from './buySheet';
import { statusLine } from './ui';

/**
 * A creator's tiers on their page (SPEC §18, `tier-<index>`), each with `subscribe`; a fan who already subscribes
 * sees their subscription instead. The first period is charged at once, under one Idempotency-Key per press.
 */
export function tiersSection(creatorId: string, isSelf: boolean): HTMLElement {
  const body = h('div', {});
  const status = statusLine('subscribe-status');
  const section = h('section', { class: 'card', hidden: true, testid: 'tiers' }, h('h2', {}, 'Subscribe'), body, status.el);

  const render = (tiers: SubscriptionTier[], mine: Subscription | undefined) => {
    section.hidden = tiers.length === 0 && !mine;
    const current = mine ? h('p', { testid: 'subscribed' },
      `You subscribe: ${mine.tierName ?? ''}, ${formatTokens(mine.priceTokens)} a month, `,
      mine.renews ? `renews ${new Date(mine.currentPeriodEnd).toLocaleDateString()}. ` : `until ${new Date(mine.currentPeriodEnd).toLocaleDateString()}. `,
      h('a', { href: pageHash('subscriptions') }, 'Your subscriptions')) : null;
    replace(body, current, h('ul', { class: 'list tiers' }, ...tiers.map((tier, index) => {
      const item = h('li', { class: 'tier', testid: `tier-${index}` },
        h('strong', {}, tier.name), ` · ${formatTokens(tier.priceTokens)} a month`,
        tier.ticketDiscountPercent > 0 ? ` · ${tier.ticketDiscountPercent} % off tickets` : null,
        tier.perks ? h('p', { class: 'muted' }, tier.perks) : null);
      if (!isSelf && !mine) item.append(subscribeButton(tier, status, load));
      return item;
    })));
  };

  const load = async () => {
    const [tiers, mine] = await Promise.all([
      get<SubscriptionTier[]>(`/api/creators/${creatorId}/subscription-tiers`),
      isSelf ? Promise.resolve(undefined) : get<Page<Subscription>>('/api/subscriptions?limit=100')
        .then((page) => page.items.find((s) => s.creatorId === creatorId && (s.status === 'active' || s.status === 'past-due'))),
    ]);
    render(tiers, mine);
  };
  load().catch((error) => status.set(errorMessage(error), 'error'));
  return section;
}

function subscribeButton(tier: SubscriptionTier, status: ReturnType<typeof statusLine>, reload: () => Promise<void>): HTMLElement {
  const action = keyedAction(`subscribe:${tier.id}`, 'Subscribe');
  const button = h('button', { type: 'button', class: 'primary', testid: 'subscribe' }, `Subscribe · ${formatTokens(tier.priceTokens)}`);
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.set('Subscribing…');
    try {
      await action.post<Subscription>('/api/subscriptions', { tierId: tier.id }, () => status.set(RETRYING_MESSAGE));
      status.set(`Subscribed to ${tier.name}.`, 'ok');
      await reload();
    } catch (error) {
      status.set(errorMessage(error), 'error');
      if (error instanceof ApiError && error.code === 'insufficient-funds') openBuySheet(error.message);
      button.disabled = false;
    }
  });
  return button;
}

/**
 * The studio's tier editor (`tier-name`, `tier-price`, `tier-save`): the tiers as they are, each editable or removable,
 * and a form that adds a tier or saves the one being edited; the whole list is PUT each time. `subscriber-count` is the
 * number of active subscribers, kept live by `subscriptionChanged`.
 */
export function tierEditorSection(cleanups: (() => void)[]): HTMLElement {
  const list = h('ul', { class: 'list', testid: 'tier-list' });
  const count = h('strong', { testid: 'subscriber-count' }, '…');
  const status = statusLine('tier-status');
  const name = h('input', { type: 'text', maxlength: '40', testid: 'tier-name', 'aria-label': 'Tier name', placeholder: 'Name' });
  const price = h('input', { type: 'number', min: '50', max: '100000', step: '1', inputmode: 'numeric', testid: 'tier-price', 'aria-label': 'Tier price in tokens a month', placeholder: 'Tokens a month' });
  const discount = h('input', { type: 'number', min: '0', max: '100', step: '1', inputmode: 'numeric', testid: 'tier-discount', 'aria-label': 'Ticket discount in percent', placeholder: 'Ticket discount %' });
  const perks = h('input', { type: 'text', maxlength: '500', testid: 'tier-perks', 'aria-label': 'Perks', placeholder: 'Perks' });
  const save = h('button', { type: 'submit', class: 'primary', testid: 'tier-save' }, 'Save tier');
  let tiers: SubscriptionTier[] = [];
  let editing: string | null = null;

  const spec = (t: SubscriptionTier) => ({
    id: t.id, name: t.name, priceTokens: t.priceTokens, perks: t.perks, ticketDiscountPercent: t.ticketDiscountPercent, available: t.available,
  });
  const saveAll = async (wanted: ReturnType<typeof spec>[] | object[], done: string) => {
    save.disabled = true;
    try {
      render(await put<SubscriptionTier[]>('/api/creators/me/subscription-tiers', wanted));
      status.set(done, 'ok');
      return true;
    } catch (error) {
      status.set(errorMessage(error), 'error');
      return false;
    } finally {
      save.disabled = false;
    }
  };
  const render = (current: SubscriptionTier[]) => {
    tiers = current;
    count.textContent = String(current.reduce((sum, t) => sum + (t.subscriberCount ?? 0), 0));
    replace(list, ...current.map((tier) => h('li', { class: 'row' },
      h('span', {}, `${tier.name} · ${formatTokens(tier.priceTokens)} a month · ${tier.subscriberCount ?? 0} ${(tier.subscriberCount ?? 0) === 1 ? 'subscriber' : 'subscribers'}`, tier.available ? '' : ' (unavailable)'),
      h('button', { type: 'button', class: 'link', on: { click: () => edit(tier) } }, 'Edit'),
      h('button', { type: 'button', class: 'link', on: { click: () => void saveAll(tiers.map((t) => t.id === tier.id ? { ...spec(t), available: !t.available } : spec(t)), 'Saved.') } },
        tier.available ? 'Make unavailable' : 'Make available'),
      h('button', { type: 'button', class: 'link', on: { click: () => void saveAll(tiers.filter((t) => t.id !== tier.id).map(spec), 'Tier removed.') } }, 'Remove'))));
  };
  const edit = (tier: SubscriptionTier) => {
    editing = tier.id;
    name.value = tier.name;
    price.value = String(tier.priceTokens);
    discount.value = String(tier.ticketDiscountPercent);
    perks.value = tier.perks;
    save.textContent = 'Save changes';
  };
  const form = h('form', { class: 'row' }, name, price, discount, perks, save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const wanted = {
      id: editing, name: name.value, priceTokens: parseTokenAmount(price.value) ?? 0, perks: perks.value,
      ticketDiscountPercent: parseTokenAmount(discount.value) ?? 0, available: true,
    };
    const next = editing ? tiers.map((t) => (t.id === editing ? { ...wanted, available: t.available } : spec(t))) : [...tiers.map(spec), wanted];
    if (await saveAll(next, 'Tiers saved.')) {
      editing = null;
      form.reset();
      save.textContent = 'Save tier';
    }
  });

  const load = () => get<SubscriptionTier[]>('/api/creators/me/subscription-tiers').then(render).catch((error) => status.set(errorMessage(error), 'error'));
  void load();
  cleanups.push(hub().on<SubscriptionChanged>('subscriptionChanged', (event) => {
    count.textContent = String(event.subscriberCount);
    void load(); // each tier's own count
  }));
  cleanups.push(hub().onConnected(() => void load()));
  return h('section', { class: 'card', testid: 'tier-editor' },
    h('h2', {}, 'Subscriptions'),
    h('p', {}, 'Active subscribers: ', count),
    h('p', { class: 'muted' }, 'Up to three monthly tiers; you keep 100 %. A tier with subscribers can be made unavailable, not removed.'),
    list, form, status.el);
}
