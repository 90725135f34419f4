/**
 * The call panel's connection quality (`call-quality`, SPEC §17): round-trip time and packet loss from
 * `RTCPeerConnection.getStats()`. The stats arrive as plain objects, so the arithmetic is tested here
 * without a browser.
 */

/** An entry of an `RTCStatsReport` (only the fields read here matter). */
export interface StatsEntry {
  id: string;
  type: string;
  [field: string]: unknown;
}

export interface CallQuality {
  /** Round trip of the selected candidate pair, ms; null before one is selected. */
  rttMs: number | null;
  /** Packets lost over the last interval (cumulative on the first reading), %; null before any packet. */
  lossPercent: number | null;
  /** `host`, `srflx`, `prflx` or `relay` (through TURN): the local candidate of the selected pair. */
  candidateType: string | null;
  /** Totals over every inbound RTP stream, for the next interval. */
  packetsReceived: number;
  packetsLost: number;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The candidate pair in use: the transport's selected one, else a nominated pair that succeeded. */
function selectedPair(entries: StatsEntry[]): StatsEntry | undefined {
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const transport of entries.filter((e) => e.type === 'transport')) {
    const pair = byId.get(String(transport.selectedCandidatePairId ?? ''));
    if (pair) return pair;
  }
  return entries.find((e) => e.type === 'candidate-pair' && e.nominated === true && e.state === 'succeeded');
}

export function readQuality(entries: StatsEntry[], previous: CallQuality | null): CallQuality {
  const pair = selectedPair(entries);
  const rtt = pair && typeof pair.currentRoundTripTime === 'number' ? Math.round(pair.currentRoundTripTime * 1000) : null;
  const local = pair ? entries.find((e) => e.id === pair.localCandidateId) : undefined;
  const inbound = entries.filter((e) => e.type === 'inbound-rtp');
  const packetsReceived = inbound.reduce((sum, e) => sum + num(e.packetsReceived), 0);
  const packetsLost = inbound.reduce((sum, e) => sum + Math.max(0, num(e.packetsLost)), 0);
  const received = packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = packetsLost - (previous?.packetsLost ?? 0);
  const interval = received >= 0 && lost >= 0 && received + lost > 0;
  const lossPercent = interval
    ? (lost / (received + lost)) * 100
    : packetsReceived + packetsLost > 0
      ? (packetsLost / (packetsReceived + packetsLost)) * 100
      : null;
  return {
    rttMs: rtt,
    lossPercent: lossPercent === null ? null : Math.round(lossPercent * 10) / 10,
    candidateType: typeof local?.candidateType === 'string' ? local.candidateType : null,
    packetsReceived,
    packetsLost,
  };
}

export function formatQuality(quality: CallQuality | null): string {
  if (!quality || (quality.rttMs === null && quality.lossPercent === null)) return 'measuring…';
  const rtt = quality.rttMs === null ? '–' : `${quality.rttMs} ms`;
  const loss = quality.lossPercent === null ? '–' : `${quality.lossPercent.toFixed(1)} %`;
  const path = quality.candidateType === 'relay' ? ' · relayed' : '';
  return `round trip ${rtt} · loss ${loss}${path}`;
}
