import { ApiError, get, post, type IceServers } from './api';
import type { LiveConnection } from './hub';
import { readQuality, type CallQuality, type StatsEntry } from './lib/callQuality';
import { LatestState } from './lib/latestState';
import { sdpOrigin } from './lib/sdp';
import { hubErrorCode } from './lib/problem';

/** A WebRTC signal as the hub relays it (SPEC §17 `SendCallSignal` / `callSignal`). */
export interface CallSignal {
  type: 'offer' | 'answer' | 'candidate' | 'bye';
  sdp?: string | null;
  candidate?: RTCIceCandidateInit | null;
}

interface CallSignalEvent extends CallSignal {
  callId: string;
  fromId: string;
}

export type MediaPhase = 'starting' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface CallMediaListener {
  /** The local preview (a copy of the camera, shown even while nothing is sent), or why there is none. */
  local(preview: MediaStream | null, problem: string | null): void;
  remote(stream: MediaStream): void;
  phase(phase: MediaPhase): void;
  quality(quality: CallQuality): void;
}

const STATS_MS = 2_000;
/** How long a `disconnected` peer connection gets to come back by itself before an ICE restart, and between restarts. */
const RESTART_MS = 3_000;
/** How long a fresh peer connection may take to connect before the polite side starts over. */
const WATCHDOG_MS = 15_000;
const SIGNAL_TRIES = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The media of one call (SPEC §17): camera and microphone, one `RTCPeerConnection` to the other party,
 * signaling over the panel's hub connection, and the media state reported to the API, which bills while
 * both sides report connected.
 *
 * Negotiation is MDN's "perfect negotiation": both sides offer when they need to, except that the first
 * offer of a peer connection is the impolite side's (the creator's); on a collision the polite side (the
 * fan) yields. A side that starts (or starts over) first says `bye`; a side that hears
 * `bye` drops a peer connection that negotiated with the other side's earlier one and builds a new one,
 * and keeps one that has heard nothing yet (sending its offer again), so whichever party opens the panel
 * last, or reloads it, the two negotiate once. An offer from another peer connection than the one this
 * side negotiated with (its SDP session differs) also starts this side over. ICE restarts after a network
 * change, a failed or lingering disconnected connection, or a hub reconnect.
 *
 * "Connected" for the API is `connectionState === 'connected'` (ICE and DTLS up, media can flow both
 * ways); leaving it (disconnected, failed, closed) or closing the panel reports lost. Camera and
 * microphone go out only while billing runs (`setSending`): before block 0 and during a pause the other
 * side gets black frames and silence, so a pause is a real hold.
 */
export class CallMedia {
  private pc: RTCPeerConnection | null = null;
  private camera: MediaStream | null = null;
  private preview: MediaStream | null = null;
  private remoteStream: MediaStream | null = null;
  private config: RTCConfiguration = {};
  private makingOffer = false;
  private ignoreOffer = false;
  private incoming: Promise<void> = Promise.resolve();
  private outgoing: Promise<void> = Promise.resolve();
  private everConnected = false;
  /** The media state the API has from this side. */
  private readonly reported = new LatestState(
    (connected) => this.sendReport(connected),
    (error) => {
      const code = error instanceof ApiError ? error.code : hubErrorCode(error);
      return code === 'conflict' || code === 'not-found'; // the call is over: nothing left to bill
    },
  );
  private sending = false;
  private muted = false;
  private cameraOff = false;
  private stopped = false;
  private quality: CallQuality | null = null;
  private restartTimer: number | undefined;
  private watchdog: number | undefined;
  private statsTimer: number | undefined;
  private readonly cleanups: (() => void)[] = [];
  /** How many peer connections this side has built: one for a call that connected at the first try. */
  private built = 0;

  constructor(
    private readonly callId: string,
    /** The fan's side yields on an offer collision. */
    private readonly polite: boolean,
    private readonly live: LiveConnection,
    private readonly listener: CallMediaListener,
  ) {}

  async start(): Promise<void> {
    this.listener.phase('starting');
    this.cleanups.push(this.live.on<CallSignalEvent>('callSignal', (signal) => {
      if (signal.callId !== this.callId || this.stopped) return;
      this.incoming = this.incoming.then(() => this.onSignal(signal)).catch(() => {});
    }));
    this.cleanups.push(this.live.onReconnected(() => this.restartIceUnlessConnected()));
    // A new network: restart ICE at once rather than wait for the old path to time out.
    const onNetworkChange = () => {
      if (!this.stopped && this.pc && this.pc.connectionState !== 'closed') this.pc.restartIce();
    };
    window.addEventListener('online', onNetworkChange);
    const connection = (navigator as Navigator & { connection?: EventTarget }).connection;
    connection?.addEventListener?.('change', onNetworkChange);
    this.cleanups.push(() => {
      window.removeEventListener('online', onNetworkChange);
      connection?.removeEventListener?.('change', onNetworkChange);
    });

    const servers = await get<IceServers>(`/api/calls/${this.callId}/ice-servers`).catch(() => null);
    this.config = servers ? { iceServers: servers.iceServers, iceTransportPolicy: servers.iceTransportPolicy } : {};
    try {
      this.camera = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 480 } } });
      this.preview = new MediaStream(this.camera.getVideoTracks().map((track) => track.clone()));
      this.listener.local(this.preview, null);
    } catch {
      // Without a camera or microphone the call still connects: this side only receives.
      this.listener.local(null, 'Camera or microphone unavailable: the other side cannot see or hear you.');
    }
    if (this.stopped) return this.release();
    this.applySending();
    this.send({ type: 'bye' }); // a fresh start: the other side drops whatever it had with an earlier one of ours
    this.createPeer();
    this.statsTimer = window.setInterval(() => void this.measure(), STATS_MS);
  }

  /** Camera and microphone go out only while the call bills (active, block 0 charged). */
  setSending(on: boolean): void {
    this.sending = on;
    this.applySending();
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.applySending();
  }

  setCameraOff(off: boolean): void {
    this.cameraOff = off;
    this.applySending();
    for (const track of this.preview?.getVideoTracks() ?? []) track.enabled = !off;
  }

  get peerConnections(): number {
    return this.built;
  }

  get hasCamera(): boolean {
    return (this.camera?.getVideoTracks().length ?? 0) > 0;
  }

  /** Hangs up this side: reports the media lost, says `bye`, closes the connection and the devices. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.report(false);
    this.send({ type: 'bye' });
    await Promise.race([Promise.all([this.reported.pending, this.outgoing]), sleep(1_500)]);
    this.stopped = true;
    this.reported.stop();
    this.release();
  }

  private release(): void {
    clearTimeout(this.restartTimer);
    clearTimeout(this.watchdog);
    clearInterval(this.statsTimer);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.pc?.close();
    this.pc = null;
    for (const track of [...(this.camera?.getTracks() ?? []), ...(this.preview?.getTracks() ?? [])]) track.stop();
    this.listener.phase('closed');
  }

  private applySending(): void {
    for (const track of this.camera?.getTracks() ?? []) {
      track.enabled = this.sending && !(track.kind === 'audio' ? this.muted : this.cameraOff);
    }
  }

  private createPeer(): void {
    clearTimeout(this.restartTimer);
    const pc = new RTCPeerConnection(this.config);
    this.pc = pc;
    this.built++;
    this.makingOffer = false;
    this.ignoreOffer = false;
    for (const kind of ['audio', 'video'] as const) {
      const track = this.camera?.getTracks().find((t) => t.kind === kind);
      if (track) pc.addTrack(track, this.camera!);
      else pc.addTransceiver(kind, { direction: 'recvonly' });
    }
    pc.ontrack = ({ track, streams }) => {
      if (pc !== this.pc) return;
      const stream = streams[0] ?? (this.remoteStream ??= new MediaStream());
      if (!stream.getTracks().includes(track)) stream.addTrack(track);
      this.remoteStream = stream;
      this.listener.remote(stream);
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate && pc === this.pc) this.send({ type: 'candidate', candidate: candidate.toJSON() });
    };
    pc.onnegotiationneeded = async () => {
      // The first offer is the impolite side's: two first offers collide, and the polite side's rollback of its own
      // can leave its candidates ungathered (seen with relay-only ICE: the call waited for the watchdog).
      if (pc !== this.pc || (this.polite && !pc.remoteDescription)) return;
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        if (pc === this.pc && pc.localDescription) this.send({ type: pc.localDescription.type as 'offer', sdp: pc.localDescription.sdp });
      } catch {
        // the next negotiationneeded (or the watchdog) tries again
      } finally {
        this.makingOffer = false;
      }
    };
    pc.onconnectionstatechange = () => this.onConnectionState(pc);
    pc.oniceconnectionstatechange = () => {
      if (pc === this.pc && pc.iceConnectionState === 'failed') pc.restartIce();
    };
    this.listener.phase(this.everConnected ? 'reconnecting' : 'connecting');
    this.armWatchdog();
  }

  /** The polite side starts over when a peer connection does not connect in time (a `bye` or an offer lost on the way). */
  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    if (!this.polite) return;
    const pc = this.pc;
    this.watchdog = window.setTimeout(() => {
      if (!this.stopped && pc === this.pc && pc?.connectionState !== 'connected') this.startOver(true);
    }, WATCHDOG_MS);
  }

  private onConnectionState(pc: RTCPeerConnection): void {
    if (pc !== this.pc || this.stopped) return;
    switch (pc.connectionState) {
      case 'connected':
        this.everConnected = true;
        clearTimeout(this.watchdog);
        clearTimeout(this.restartTimer);
        this.listener.phase('connected');
        this.report(true);
        break;
      case 'disconnected':
        this.listener.phase('reconnecting');
        this.report(false);
        this.scheduleRestart(); // it may come back by itself first
        break;
      case 'failed':
        this.listener.phase('reconnecting');
        this.report(false);
        this.restartIceUnlessConnected();
        break;
      default:
        break;
    }
  }

  /** An ICE restart now, then again every few seconds until the connection is back (a network may take a while to return). */
  private restartIceUnlessConnected(): void {
    const pc = this.pc;
    if (this.stopped || !pc || pc.connectionState === 'connected' || pc.connectionState === 'closed') return;
    pc.restartIce();
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = window.setTimeout(() => this.restartIceUnlessConnected(), RESTART_MS);
  }

  /** Drops the peer connection and builds a new one; <paramref name="announce"/> tells the other side to do the same. */
  private startOver(announce: boolean): void {
    if (this.stopped) return;
    this.pc?.close();
    this.pc = null;
    this.remoteStream = null;
    this.report(false);
    if (announce) this.send({ type: 'bye' });
    this.createPeer();
  }

  private async onSignal(signal: CallSignalEvent): Promise<void> {
    if (signal.type === 'bye') {
      this.onBye();
      return;
    }
    let pc = this.pc;
    if (!pc) return;
    if (signal.type === 'candidate') {
      try {
        if (signal.candidate) await pc.addIceCandidate(signal.candidate);
      } catch {
        // a candidate of an offer this side ignored, or of a peer connection already replaced
      }
      return;
    }
    const offered = sdpOrigin(signal.sdp);
    const remote = sdpOrigin(pc.remoteDescription?.sdp);
    if (signal.type === 'offer' && pc.remoteDescription?.type === 'offer' && offered?.session === remote?.session && offered?.version === remote?.version) {
      return; // an offer sent again (see onBye) that this side has already answered
    }
    const collision = signal.type === 'offer' && (this.makingOffer || pc.signalingState !== 'stable');
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    if (signal.type === 'answer' && pc.signalingState !== 'have-local-offer') return; // a late repeat
    if (signal.type === 'offer' && remote && offered?.session !== remote.session) {
      // An offer from another of the other side's peer connections than the one this one negotiated with (it started
      // over, and no bye came first): a fresh peer connection takes it. Left to this one it may be taken as an ICE
      // restart that never connects.
      this.startOver(false);
      pc = this.pc!;
    }
    try {
      await pc.setRemoteDescription({ type: signal.type, sdp: signal.sdp ?? '' });
      if (signal.type === 'offer') {
        await pc.setLocalDescription();
        if (pc === this.pc && pc.localDescription) this.send({ type: 'answer', sdp: pc.localDescription.sdp });
      }
    } catch {
      // The other side's peer connection is not the one ours negotiated with (it reloaded): both start over.
      if (pc === this.pc) this.startOver(true);
    }
  }

  /**
   * The other side started (over). A peer connection that negotiated with its earlier one is dropped and a new one
   * built. One that has heard nothing from it yet is kept, and the other side's new connection negotiates with it:
   * when both sides start at once their byes cross, and starting over on each would close the connections the
   * offers in flight came from — an answer can then be taken for another offer, and nothing connects until the
   * watchdog. An offer the kept connection has out may have gone to the earlier one, so it goes again.
   */
  private onBye(): void {
    const pc = this.pc;
    if (!pc) return; // start() builds the first one
    if (pc.remoteDescription) {
      this.startOver(false);
    } else if (pc.signalingState === 'have-local-offer' && !this.makingOffer && pc.localDescription) {
      this.send({ type: 'offer', sdp: pc.localDescription.sdp });
    }
  }

  /** Signals go out in order; a `rate-limited` hub answers again after a pause, other refusals (call over) drop it. */
  private send(signal: CallSignal): void {
    this.outgoing = this.outgoing.then(async () => {
      for (let attempt = 1; attempt <= SIGNAL_TRIES && !this.stopped; attempt++) {
        try {
          await this.live.invoke('SendCallSignal', this.callId, signal);
          return;
        } catch (error) {
          if (hubErrorCode(error) !== 'rate-limited') return;
          await sleep(1_000 * attempt);
        }
      }
    });
  }

  /** Tells the API this side's media state (SPEC §17). Nothing is reported before the first connection. */
  private report(connected: boolean): void {
    if (!connected && !this.everConnected) return;
    this.reported.set(connected);
  }

  /**
   * Over the hub when it is up; over HTTP when it is not, or when the hub's rate limit is spent (signals share
   * it, and billing must not wait for ICE candidates).
   */
  private async sendReport(connected: boolean): Promise<void> {
    if (this.live.isConnected) {
      try {
        await this.live.invoke('CallMediaState', this.callId, connected);
        return;
      } catch (error) {
        if (hubErrorCode(error) !== 'rate-limited') throw error;
      }
    }
    await post(`/api/calls/${this.callId}/media`, { connected });
  }

  private async measure(): Promise<void> {
    const pc = this.pc;
    if (!pc || this.stopped || pc.connectionState === 'new') return;
    const entries: StatsEntry[] = [];
    (await pc.getStats()).forEach((entry: StatsEntry) => entries.push(entry));
    this.quality = readQuality(entries, this.quality);
    this.listener.quality(this.quality);
  }
}
