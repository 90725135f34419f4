import {
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
  type IRetryPolicy,
} from '@microsoft/signalr';
import { currentToken } from './session';
import { EventAcks } from './lib/acks';

/**
 * A connection to the live hub `/hubs/live` (SPEC §5). The token goes through `accessTokenFactory`,
 * which the SignalR client sends as the `access_token` query string for WebSockets/SSE.
 *
 * Groups do not survive a reconnect (the server sees a new connection), so the streams and calls
 * joined through this object are joined again after every reconnect. Every `tip` the connection receives is
 * acknowledged (`AcknowledgeEvents`, SPEC §20), whichever view shows it.
 */

/** Reconnect forever: 0 s, 1 s, 2 s, 4 s … capped at 30 s. */
export const foreverRetry: IRetryPolicy = {
  nextRetryDelayInMilliseconds: (ctx) =>
    Math.min(30_000, ctx.previousRetryCount === 0 ? 0 : 1000 * 2 ** (ctx.previousRetryCount - 1)),
};

type Handler = (...args: unknown[]) => void;
export type HubState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export class LiveConnection {
  private readonly conn: HubConnection;
  private readonly started: Promise<void>;
  private stopped = false;
  private readonly streams = new Set<string>();
  private readonly calls = new Set<string>();
  private readonly connectListeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly stateListeners = new Set<(state: HubState) => void>();
  private readonly tipAcks: EventAcks;

  constructor(url = '/hubs/live') {
    this.conn = new HubConnectionBuilder()
      .withUrl(url, { accessTokenFactory: () => currentToken() ?? '' })
      .withAutomaticReconnect(foreverRetry)
      .configureLogging(LogLevel.Warning)
      .build();
    this.tipAcks = new EventAcks('tip', (kind, ids) => this.conn.send('AcknowledgeEvents', kind, ids));
    this.conn.on('tip', (tip: { id: string }) => this.tipAcks.add(tip.id));
    this.conn.onreconnecting(() => this.emit('reconnecting'));
    this.conn.onreconnected(async () => {
      this.emit('connected');
      await this.rejoin();
      for (const listener of [...this.reconnectListeners, ...this.connectListeners]) listener();
    });
    this.conn.onclose(() => this.emit('disconnected'));
    this.started = this.startLoop();
  }

  private emit(state: HubState): void {
    for (const listener of this.stateListeners) listener(state);
  }

  /** withAutomaticReconnect only covers connections that were up once; the first start is retried here. */
  private async startLoop(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        this.emit('connecting');
        await this.conn.start();
        this.emit('connected');
        for (const listener of this.connectListeners) listener();
        return;
      } catch {
        this.emit('disconnected');
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** attempt)));
      }
    }
  }

  private async rejoin(): Promise<void> {
    // A join can fail now (ticket refunded, call over): the view learns it from its own refetch.
    for (const id of this.streams) await this.conn.invoke('JoinStream', id).catch(() => this.streams.delete(id));
    for (const id of this.calls) await this.conn.invoke('JoinCall', id).catch(() => this.calls.delete(id));
  }

  private async ready(): Promise<void> {
    await this.started;
    while (!this.stopped && this.conn.state !== HubConnectionState.Connected) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (this.stopped) throw new Error('The live connection was closed.');
  }

  /** Listens to a server event; returns the function that stops listening. */
  on<T>(event: string, handler: (payload: T) => void): () => void {
    this.conn.on(event, handler as Handler);
    return () => this.conn.off(event, handler as Handler);
  }

  /**
   * After the connection comes up: its first start and every reconnect (groups already re-joined). Views refetch
   * what they may have missed: an event sent while the connection was not up reached no one, and a view that read
   * its state before the first start (the call panel opens a connection of its own) would otherwise wait forever
   * for an event already sent. A listener added while the connection is up hears only later reconnects.
   */
  onConnected(listener: () => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  /** After each reconnect only, not the first start (the call's media restarts ICE then). */
  onReconnected(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  onState(listener: (state: HubState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Joins a stream's room; throws the HubException (`ticket-required`, `not-found`). */
  async joinStream(streamId: string): Promise<void> {
    await this.ready();
    await this.conn.invoke('JoinStream', streamId);
    this.streams.add(streamId);
  }

  async leaveStream(streamId: string): Promise<void> {
    this.streams.delete(streamId);
    if (this.conn.state === HubConnectionState.Connected) {
      await this.conn.invoke('LeaveStream', streamId).catch(() => {});
    }
  }

  /**
   * Joins a call as a participant. While this connection stays open it counts as presence in the
   * call, and the hub has no LeaveCall: so the call panel uses a connection of its own and stops it
   * when the panel closes, rather than leaving the app's main connection "in" the call.
   */
  async joinCall(callId: string): Promise<void> {
    await this.ready();
    await this.conn.invoke('JoinCall', callId);
    this.calls.add(callId);
  }

  /** Whether the connection is up right now (a caller with another way to send can use it instead of waiting). */
  get isConnected(): boolean {
    return this.conn.state === HubConnectionState.Connected;
  }

  /** Invokes a hub method once connected; throws the HubException (`rate-limited`, `conflict`, …). */
  async invoke<T = void>(method: string, ...args: unknown[]): Promise<T> {
    await this.ready();
    return this.conn.invoke<T>(method, ...args);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.streams.clear();
    this.calls.clear();
    this.connectListeners.clear();
    this.reconnectListeners.clear();
    this.stateListeners.clear();
    this.tipAcks.stop();
    await this.conn.stop();
  }
}

/** The app's main connection: wallet events, stream rooms, tips. */
let main: LiveConnection | null = null;

export function connectHub(): LiveConnection {
  main ??= new LiveConnection();
  return main;
}

export function hub(): LiveConnection {
  if (!main) throw new Error('The live hub is not connected.');
  return main;
}

export async function disconnectHub(): Promise<void> {
  const conn = main;
  main = null;
  if (conn) await conn.stop();
}
