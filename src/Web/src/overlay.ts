import './overlay.css';
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { foreverRetry } from './hub';
import { parseOverlayLocation } from './lib/overlayLocation';
import { hubErrorCode } from './lib/problem';
import { renderGoalBar, type Goal } from './lib/goal';
import { createSeenSet, renderTipCard, type TipEvent } from './lib/tipCard';
import { EventAcks } from './lib/acks';

/**
 * The OBS browser source: `/overlay/{streamId}?key=<overlayKey>`. A transparent page; each tip in
 * the stream arrives on the hub and shows as an animated card (`tip-card`) that fades after ~8 s.
 *
 * It holds no user token. It connects to `/hubs/live?overlay=1` anonymously and joins the stream's
 * room read-only with `JoinOverlay(streamId, key)`; a wrong key fails with HubException `forbidden`. It acknowledges
 * each tip it receives (`AcknowledgeEvents`).
 */

const CARD_LIFETIME_MS = 8_000;
const MAX_CARDS = 6;

const stack = document.getElementById('tips')!;
const status = document.getElementById('status')!;

function say(text: string): void {
  status.textContent = text;
  status.hidden = text === '';
}

function showTip(tip: TipEvent): void {
  const card = renderTipCard(document, tip);
  stack.append(card);
  while (stack.childElementCount > MAX_CARDS) stack.firstElementChild?.remove();
  // The fade is a CSS animation (overlay.css) timed to end at CARD_LIFETIME_MS; remove the card then.
  setTimeout(() => card.remove(), CARD_LIFETIME_MS);
}

async function run(): Promise<void> {
  const target = parseOverlayLocation(location.pathname, location.search);
  if (!target) {
    say('Overlay link is incomplete: it needs /overlay/<stream id>?key=<overlay key>.');
    return;
  }
  const firstSeen = createSeenSet();
  const connection = new HubConnectionBuilder()
    .withUrl('/hubs/live?overlay=1')
    .withAutomaticReconnect(foreverRetry)
    .configureLogging(LogLevel.Warning)
    .build();

  // Every tip received is acknowledged, shown or not (SPEC §20: the hub's delivery figure).
  const acks = new EventAcks('tip', (kind, ids) => connection.send('AcknowledgeEvents', kind, ids));
  connection.on('tip', (tip: TipEvent) => {
    acks.add(tip.id);
    if (tip.streamId === target.streamId && firstSeen(tip.id)) showTip(tip);
  });
  // The goal bar (SPEC §13): the hub sends the current goal on joining, then after every tip.
  const goal = renderGoalBar(document);
  document.body.append(goal.el);
  connection.on('goalProgress', (event: Goal & { streamId: string }) => {
    if (event.streamId === target.streamId) goal.set(event);
  });
  connection.on('goalRemoved', (event: { streamId: string }) => {
    if (event.streamId === target.streamId) goal.set(null);
  });

  let rejected = false;
  const join = async () => {
    try {
      await connection.invoke('JoinOverlay', target.streamId, target.key);
      say('');
      document.body.dataset.state = 'joined'; // a hook for tests and for anyone checking the source in OBS
    } catch (error) {
      const code = hubErrorCode(error);
      if (code === 'forbidden' || code === 'not-found') {
        rejected = true;
        say(code === 'forbidden' ? 'wrong overlay key' : 'unknown stream');
        await connection.stop();
      } else {
        say('overlay: could not join the stream');
      }
    }
  };
  // Room membership is lost on reconnect: join again.
  connection.onreconnected(() => void join());

  for (let attempt = 0; !rejected; attempt++) {
    try {
      await connection.start();
      await join();
      return;
    } catch {
      // Stay quiet on stream (OBS shows this page live); retry with back-off.
      if (attempt >= 2) say('overlay: connecting…');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** attempt)));
    }
  }
}

void run();
