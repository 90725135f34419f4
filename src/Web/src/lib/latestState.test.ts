import { describe, expect, it } from 'vitest';
import { LatestState } from './latestState';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function receiver() {
  const sent: boolean[] = [];
  const waiting: (() => void)[] = [];
  const send = (state: boolean) => {
    sent.push(state);
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const answer = async () => {
    waiting.shift()?.();
    await tick();
  };
  return { sent, send, answer };
}

describe('LatestState', () => {
  it('sends a change once and nothing for a repeat of what the receiver has', async () => {
    const r = receiver();
    const state = new LatestState(r.send, () => false);
    state.set(true);
    await r.answer();
    state.set(true);
    await tick();
    expect(r.sent).toEqual([true]);
  });

  it('collapses changes made during a send into the latest', async () => {
    const r = receiver();
    const state = new LatestState(r.send, () => false);
    state.set(true);
    state.set(false);
    state.set(true);
    state.set(false);
    await r.answer();
    await r.answer();
    expect(r.sent).toEqual([true, false]);
    expect(state.pending).toBeNull();
  });

  it('still sends a change after a repeat that needed no send', async () => {
    // connected, lost, lost again (disconnected, then failed), connected again: the last one must reach the API
    const r = receiver();
    const state = new LatestState(r.send, () => false);
    state.set(true);
    await r.answer();
    state.set(false);
    await r.answer();
    state.set(false);
    await tick();
    state.set(true);
    await r.answer();
    expect(r.sent).toEqual([true, false, true]);
  });

  it('retries a failed send and gives up on a final refusal', async () => {
    const failures = [new Error('network'), new Error('over')];
    const sent: boolean[] = [];
    const state = new LatestState(
      async (value) => {
        sent.push(value);
        const failure = failures.shift();
        if (failure) throw failure;
      },
      (error) => (error as Error).message === 'over',
      1,
      () => tick() as Promise<void>,
    );
    state.set(true);
    await tick();
    await tick();
    expect(sent).toEqual([true, true]);
    expect(state.pending).toBeNull();
    state.set(true); // the receiver refused for good; a later change is tried again
    await tick();
    expect(sent).toEqual([true, true, true]);
  });
});
