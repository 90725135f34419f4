import { describe, expect, it } from 'vitest';
import { formatQuality, readQuality, type StatsEntry } from './callQuality';

const stats = (received: number, lost: number, rtt = 0.012): StatsEntry[] => [
  { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' },
  { id: 'CP0', type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 0.5, localCandidateId: 'L0' },
  { id: 'CP1', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: rtt, localCandidateId: 'L1' },
  { id: 'L0', type: 'local-candidate', candidateType: 'host' },
  { id: 'L1', type: 'local-candidate', candidateType: 'relay' },
  { id: 'IV', type: 'inbound-rtp', kind: 'video', packetsReceived: received, packetsLost: lost },
  { id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsReceived: received, packetsLost: 0 },
];

describe('readQuality', () => {
  it('reads the round trip and the path of the selected pair', () => {
    const q = readQuality(stats(100, 0), null);
    expect(q.rttMs).toBe(12);
    expect(q.candidateType).toBe('relay');
    expect(q.lossPercent).toBe(0);
  });

  it('measures loss over the last interval, not since the start', () => {
    const first = readQuality(stats(1_000, 0), null);
    const second = readQuality(stats(1_180, 20), first); // 360 audio+video received, 20 lost
    expect(second.lossPercent).toBe(5.3);
    const third = readQuality(stats(1_380, 20), second);
    expect(third.lossPercent).toBe(0);
  });

  it('knows nothing before a pair is selected and a packet arrives', () => {
    const q = readQuality([{ id: 'CP', type: 'candidate-pair', nominated: false, state: 'in-progress' }], null);
    expect(q).toMatchObject({ rttMs: null, lossPercent: null, candidateType: null });
    expect(formatQuality(q)).toBe('measuring…');
  });

  it('falls back to a nominated pair that succeeded when no transport names one', () => {
    const entries = stats(10, 0).filter((e) => e.type !== 'transport');
    expect(readQuality(entries, null).rttMs).toBe(12);
  });
});

describe('formatQuality', () => {
  it('says round trip, loss and whether TURN relays the call', () => {
    expect(formatQuality({ rttMs: 12, lossPercent: 0.4, candidateType: 'host', packetsReceived: 1, packetsLost: 0 })).toBe('round trip 12 ms · loss 0.4 %');
    expect(formatQuality({ rttMs: 30, lossPercent: 0, candidateType: 'relay', packetsReceived: 1, packetsLost: 0 })).toBe('round trip 30 ms · loss 0.0 % · relayed');
  });
});
