import { ApiError, errorMessage, get, post, type Call } from '../api';
import { CallMedia, type MediaPhase } from '../callMedia';
import { formatQuality, type CallQuality } from '../lib/callQuality';
import { h } from '../lib/dom';
import { applyCallStatus, isClockRunning, isLowBalance, timeLeftSeconds, type CallClock } from '../lib/callTime';
import { formatClock, formatNumber, formatTokens } from '../lib/format';
import { hubErrorCode } from '../lib/problem';
import { routeHash } from '../lib/route';
import { LiveConnection } from '../hub';
import type { Session } from '../session';
import { currentBalance, onBalance, refreshWallet, setFromEvent } from '../wallet';
import { openBuySheet } from './buySheet';
import { statusLine } from './ui';

const HEARTBEAT_MS = 15_000;
const LIVE = new Set(['active', 'paused']);

/** The hub's `callStatus` event (SPEC §5, plus `lowBalance`, docs/decisions/0021-calls-and-metering.md). */
interface CallStatusEvent {
  callId: string;
  status: string;
  endReason: string | null;
  blocksBilled: number;
  totalCharged: number;
  balance: number;
  lowBalance?: boolean;
}

/**
 * The call panel: the video (the other party's, `call-remote-video`, and a preview of one's own,
 * `call-local-video`), mute, camera and hang up, the connection's quality (`call-quality`), rate, blocks
 * billed, and how long the fan's balance still lasts (`call-time-left`, counting down every second between
 * `callStatus` events while billing runs). Once the call is live the media starts on both sides with no
 * further click (`CallMedia`, SPEC §17). While the call is live it sends a heartbeat every 15 s and is
 * joined to the call on its own hub connection, which is closed when the panel closes, so leaving the
 * panel stops counting as presence (and reports the media lost).
 */
export function renderCall(root: HTMLElement, session: Session, callId: string): () => void {
  let disposed = false;
  let call: Call | null = null;
  let clock: CallClock | null = null;
  let lowBalance: boolean | null = null; // from the hub; null until the first event
  let events = 0; // callStatus events applied: a read asked for before the last one is stale
  let heartbeat: number | undefined;
  let joined = false;
  const me = session.claims.sub;

  const statusBadge = h('span', { class: 'badge', testid: 'call-status' });
  const rate = h('span', { testid: 'call-rate' });
  const blocks = h('span', { testid: 'call-blocks' });
  const charged = h('span', { testid: 'call-total' });
  const timeLeft = h('strong', { class: 'time-left', testid: 'call-time-left', 'aria-live': 'off' }, '–:––');
  const timeLabel = h('span', { class: 'muted' });
  const warning = h('p', { class: 'warning', testid: 'call-low-balance', role: 'alert', hidden: true });
  const actions = h('div', { class: 'row actions' });
  const status = statusLine('call-notice');

  const remoteVideo = h('video', { class: 'call-remote', testid: 'call-remote-video', autoplay: true, playsinline: true });
  const localVideo = h('video', { class: 'call-local', testid: 'call-local-video', autoplay: true, playsinline: true, muted: true });
  localVideo.muted = true; // the attribute alone does not mute a video whose source is set later
  const mediaState = h('p', { class: 'call-media-state', testid: 'call-media-state', 'aria-live': 'polite' });
  const playButton = h('button', { type: 'button', class: 'call-play', hidden: true }, 'Tap to start the video');
  const quality = h('p', { class: 'muted call-quality', testid: 'call-quality' }, '');
  const mute = h('button', { type: 'button', testid: 'call-mute', 'aria-pressed': 'false' }, 'Mute');
  const camera = h('button', { type: 'button', testid: 'call-camera', 'aria-pressed': 'false' }, 'Camera off');
  const controls = h('div', { class: 'row call-controls', hidden: true }, mute, camera);
  const stage = h('div', { class: 'call-stage', hidden: true }, remoteVideo, localVideo, mediaState, playButton);

  root.replaceChildren(h('section', { class: 'card call' },
    h('div', { class: 'row' }, h('h1', {}, 'Call'), statusBadge),
    stage, controls, quality,
    h('dl', { class: 'figures-grid' },
      h('dt', {}, 'Rate'), h('dd', {}, rate),
      h('dt', {}, 'Blocks billed'), h('dd', {}, blocks),
      h('dt', {}, 'Charged so far'), h('dd', {}, charged),
      h('dt', {}, 'Time left'), h('dd', {}, timeLeft, ' ', timeLabel)),
    warning, actions, status.el));

  const isFan = () => call?.fanId === me;

  /**
   * Redraws the countdown, then schedules the next redraw for the moment the next whole second
   * since the last sync has passed (a plain 1 s interval out of phase with the sync could hold a
   * value for almost 2 s). Every draw() re-anchors it.
   */
  let tickTimer: number | undefined;
  const tick = () => {
    clearTimeout(tickTimer);
    if (!clock || disposed) return;
    const now = Date.now();
    const seconds = timeLeftSeconds(clock, now);
    timeLeft.textContent = formatClock(seconds);
    timeLeft.dataset.seconds = String(seconds);
    const sinceSync = Math.max(0, now - clock.syncedAtMs);
    tickTimer = window.setTimeout(tick, 1000 - (sinceSync % 1000) + 5);
  };

  const draw = () => {
    if (!call || !clock) return;
    statusBadge.textContent = call.endReason ? `${call.status} · ${call.endReason}` : call.status;
    statusBadge.className = `badge badge-${call.status}`;
    rate.textContent = `${formatTokens(call.ratePerMinute)}/min (${formatTokens(call.blockCost)} per ${call.blockSeconds} s block)`;
    blocks.textContent = formatNumber(clock.blocksBilled);
    charged.textContent = formatTokens(call.totalCharged);
    timeLabel.textContent = isFan() ? 'your balance still covers' : 'prepaid';
    const low = LIVE.has(call.status) && (lowBalance ?? isLowBalance(clock.balance, call.blockCost));
    warning.hidden = !low;
    warning.textContent = isFan()
      ? 'Low balance: less than a minute left. Buy tokens to keep talking.'
      : "The fan's balance is running low.";
    if (low && isFan() && !warning.querySelector('button')) {
      warning.append(' ', h('button', { type: 'button', class: 'link', on: { click: () => openBuySheet() } }, 'Buy tokens'));
    }
    drawActions();
    tick();
  };

  const act = (label: string, path: string, testid: string) =>
    h('button', {
      type: 'button', testid,
      on: {
        click: async (event) => {
          (event.currentTarget as HTMLButtonElement).disabled = true;
          try {
            const since = events;
            const updated = await post<Call>(`/api/calls/${callId}/${path}`);
            await load(updated, since);
          } catch (error) {
            status.set(errorMessage(error), 'error');
            if (error instanceof ApiError && error.code === 'insufficient-funds') await load().catch(() => {});
            else drawActions();
          }
        },
      },
    }, label);

  const drawActions = () => {
    if (!call) return;
    const creator = call.creatorId === me;
    const buttons: HTMLElement[] = [];
    if (call.status === 'requested') {
      if (creator) buttons.push(act('Accept', 'accept', 'call-accept'), act('Decline', 'decline', 'call-decline'));
      else buttons.push(act('Cancel', 'cancel', 'call-cancel'));
    } else if (call.status === 'active') {
      buttons.push(act('Pause', 'pause', 'call-pause'), act('Hang up', 'end', 'call-end'));
    } else if (call.status === 'paused') {
      buttons.push(act('Resume', 'resume', 'call-resume'), act('Hang up', 'end', 'call-end'));
    } else {
      const other = creator ? null : call.creatorId;
      if (other) buttons.push(h('a', { href: routeHash('creator', other) }, 'Back to the creator'));
    }
    actions.replaceChildren(...buttons);
  };

  // Its own hub connection (see the doc comment); the app's main one keeps the wallet live.
  const live = new LiveConnection();

  // The media: started once the call is live, stopped when it is over or the panel closes.
  let media: CallMedia | null = null;
  let phase: MediaPhase = 'starting';
  let muted = false;
  let cameraOff = false;

  const drawMediaState = () => {
    if (!call) return;
    const billing = isClockRunning({ status: call.status, blocksBilled: call.blocksBilled });
    const text =
      call.status === 'paused' && call.mediaLostAt ? 'Connection lost: reconnecting… billing is paused'
        : call.status === 'paused' ? 'On hold: billing is paused'
          : phase === 'connected' && billing ? ''
            : phase === 'connected' ? 'Connected: starting the call…'
              : phase === 'reconnecting' ? 'Reconnecting…'
                : 'Connecting the video… billing starts when both sides are connected';
    mediaState.textContent = text;
    mediaState.hidden = text === '';
    mediaState.dataset.phase = phase;
    mediaState.dataset.peerConnections = String(media?.peerConnections ?? 0);
  };

  const syncMedia = () => {
    if (!call || disposed) return;
    const liveCall = LIVE.has(call.status);
    stage.hidden = controls.hidden = !liveCall;
    if (liveCall && !media) {
      media = new CallMedia(callId, isFan(), live, {
        local: (preview, problem) => {
          localVideo.srcObject = preview;
          localVideo.hidden = preview === null;
          if (problem) status.set(problem, 'error');
          camera.disabled = !media?.hasCamera;
        },
        remote: (stream) => {
          if (remoteVideo.srcObject !== stream) remoteVideo.srcObject = stream;
          remoteVideo.play().then(() => (playButton.hidden = true)).catch(() => (playButton.hidden = false));
        },
        phase: (next) => {
          phase = next;
          drawMediaState();
        },
        quality: (measured: CallQuality) => {
          quality.textContent = formatQuality(measured);
          quality.dataset.rttMs = measured.rttMs === null ? '' : String(measured.rttMs);
          quality.dataset.lossPercent = measured.lossPercent === null ? '' : String(measured.lossPercent);
          quality.dataset.candidateType = measured.candidateType ?? '';
        },
      });
      media.setMuted(muted);
      media.setCameraOff(cameraOff);
      void media.start().catch((error) => status.set(`Video unavailable: ${errorMessage(error)}`, 'error'));
    }
    // Camera and microphone go out only while billing runs: not before block 0, not while paused.
    media?.setSending(isClockRunning({ status: call.status, blocksBilled: call.blocksBilled }));
    if (!liveCall && media) {
      void media.stop();
      media = null;
      remoteVideo.srcObject = null;
      localVideo.srcObject = null;
      quality.textContent = '';
    }
    drawMediaState();
  };

  mute.addEventListener('click', () => {
    muted = !muted;
    media?.setMuted(muted);
    mute.textContent = muted ? 'Unmute' : 'Mute';
    mute.setAttribute('aria-pressed', String(muted));
  });
  camera.addEventListener('click', () => {
    cameraOff = !cameraOff;
    media?.setCameraOff(cameraOff);
    camera.textContent = cameraOff ? 'Camera on' : 'Camera off';
    camera.setAttribute('aria-pressed', String(cameraOff));
    localVideo.classList.toggle('off', cameraOff);
  });
  playButton.addEventListener('click', () => void remoteVideo.play().then(() => (playButton.hidden = true)).catch(() => {}));
  live.on<CallStatusEvent>('callStatus', (event) => {
    if (disposed || event.callId !== callId) return;
    events++;
    if (!clock || !call) {
      void load().catch(() => {}); // the first read is still on its way and may be older than this event
      return;
    }
    clock = applyCallStatus(clock, event, Date.now());
    lowBalance = event.lowBalance ?? null;
    // The event carries the receiver's own balance: that is this user's wallet.
    setFromEvent(event.balance);
    call = { ...call, status: event.status, endReason: event.endReason, blocksBilled: event.blocksBilled, totalCharged: event.totalCharged };
    draw();
    syncMedia();
    // Resync the active seconds the event does not carry.
    void load().catch(() => {});
  });
  live.onConnected(() => void load().catch(() => {}));

  /**
   * Reads the call (or takes a fresh copy from an action's answer) and restarts the clock from it. A copy asked for
   * before the last `callStatus` event arrived may be older than that event (two reads can also answer out of order):
   * it is dropped, and the read that event started is the one applied.
   */
  const load = async (fresh?: Call, since = events) => {
    const c = fresh ?? (await get<Call>(`/api/calls/${callId}`));
    if (disposed || since !== events) return;
    call = c;
    const fan = c.fanId === me;
    clock = {
      status: c.status,
      blocksBilled: c.blocksBilled,
      blockCost: c.blockCost,
      blockSeconds: c.blockSeconds || 30,
      balance: fan ? (currentBalance() ?? clock?.balance ?? 0) : null,
      activeSeconds: c.activeSeconds,
      syncedAtMs: Date.now(),
    };
    draw();
    syncPresence();
    syncMedia();
  };

  /** Heartbeats and hub presence only while the call is live. */
  const syncPresence = () => {
    if (!call) return;
    if (LIVE.has(call.status)) {
      if (!joined) {
        joined = true;
        live.joinCall(callId).catch((error) => {
          joined = false;
          if (hubErrorCode(error) !== 'conflict') status.set(`Live updates unavailable: ${errorMessage(error)}`, 'error');
        });
      }
      heartbeat ??= window.setInterval(() => {
        post(`/api/calls/${callId}/heartbeat`).catch((error) => {
          // 409: the call is over; read its final state.
          if (error instanceof ApiError && error.code === 'conflict') void load().catch(() => {});
        });
      }, HEARTBEAT_MS);
    } else if (heartbeat !== undefined) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  };

  // A fan who buys tokens mid-call sees the time left grow at once (balanceChanged on the main hub).
  const stopBalance = onBalance((balance) => {
    if (!clock || !isFan() || balance === null || balance === clock.balance) return;
    clock = { ...clock, balance };
    lowBalance = null; // the last event's flag is stale now; derive it from the new balance
    draw();
  });

  // The fan's balance must be known before the countdown means anything.
  refreshWallet()
    .catch(() => {})
    .then(() => load())
    .catch((error) => {
      if (disposed) return;
      status.set(error instanceof ApiError && error.status === 404 ? 'No such call.' : errorMessage(error), 'error');
    });

  return () => {
    disposed = true;
    clearTimeout(tickTimer);
    stopBalance();
    if (heartbeat !== undefined) clearInterval(heartbeat);
    // Report the media lost and say bye on this panel's hub connection before closing it.
    const stopping = media?.stop() ?? Promise.resolve();
    media = null;
    void stopping.finally(() => live.stop());
  };
}
