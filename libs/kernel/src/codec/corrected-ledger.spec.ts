import { RecordedEvent } from '@ledger/event-store';
import { foldCorrectedLedger, ledgerRange } from './corrected-ledger';

/** A store of events in memory: what `ledgerRange` reads (its head, then every event). */
class Events {
  readonly events: RecordedEvent[] = [];

  add(type: string, data: Record<string, unknown>, ledgerTime = '2021-03-01T00:00:00.000Z', streamId = 's-1') {
    const n = this.events.length + 1;
    const event: RecordedEvent = {
      eventId: `e-${n}`,
      type,
      streamId,
      revision: n - 1,
      position: { commit: BigInt(n), prepare: BigInt(n) },
      data,
      metadata: { agency: 'a', businessTime: '2020-05-01T10:00:00+08:00', ledgerTime },
    };
    this.events.push(event);
    return event;
  }

  async headPosition() {
    return this.events.at(-1)?.position;
  }

  async *readAll() {
    // Iterates the live array: events added while reading are met, as in a real store.
    for (let i = 0; i < this.events.length; i++) yield this.events[i];
  }
}

const outcomes = {
  initial: () => [] as string[],
  apply: (seen: string[], decoded: { kind: string; event: { type: string; data: unknown } }) => {
    if (decoded.kind === 'fact' && decoded.event.type === 'DecisionMade.v1')
      seen.push(String((decoded.event.data as { outcome: string }).outcome));
    else if (decoded.kind === 'unknown') seen.push(`other:${decoded.event.type}`);
    return seen;
  },
};

describe('folding the ledger as corrected', () => {
  it('folds once when the events hold no correction', async () => {
    const store = new Events();
    store.add('DecisionMade.v1', { applicationId: 'x', outcome: 'granted' });
    store.add('AccessLogged.v1', {});
    const folded = await foldCorrectedLedger(await ledgerRange(store), outcomes);
    expect(folded).toMatchObject({ passes: 1, state: ['granted', 'other:AccessLogged.v1'] });
  });

  it('folds again, knowing the correction, when it meets one of a fact already folded', async () => {
    const store = new Events();
    const decision = store.add('DecisionMade.v1', { applicationId: 'x', outcome: 'granted' });
    store.add('FactCorrected.v1', {
      correctedEventId: decision.eventId,
      correctedType: 'DecisionMade.v1',
      fields: { outcome: 'denied' },
      reason: 'r',
      authorisedBy: 's',
    });
    const folded = await foldCorrectedLedger(await ledgerRange(store), outcomes);
    expect(folded).toMatchObject({ passes: 2, state: ['denied'] });
    expect(folded.corrections.index.size).toBe(1);
  });

  it('applies a correction to the event of its own stream only (event ids are unique per stream)', async () => {
    const store = new Events();
    const decision = store.add('DecisionMade.v1', { applicationId: 'x', outcome: 'granted' }, undefined, 's-1');
    store.add('DecisionMade.v1', { applicationId: 'y', outcome: 'granted' }, undefined, 's-2');
    // The same id in another stream: a copy of the first one's id, as an import might carry it.
    (store.events[1] as { eventId: string }).eventId = decision.eventId;
    store.add(
      'FactCorrected.v1',
      { correctedEventId: decision.eventId, correctedType: 'DecisionMade.v1', fields: { outcome: 'denied' } },
      undefined,
      's-1',
    );
    expect((await foldCorrectedLedger(await ledgerRange(store), outcomes)).state).toEqual(['denied', 'granted']);
  });

  it('reads up to the head taken before, however much is appended meanwhile', async () => {
    const store = new Events();
    store.add('DecisionMade.v1', { applicationId: 'x', outcome: 'granted' });
    const range = await ledgerRange(store);
    store.add('DecisionMade.v1', { applicationId: 'y', outcome: 'denied' });
    const seen: string[] = [];
    for await (const event of range()) seen.push(event.eventId);
    expect(seen).toEqual(['e-1']);
  });

  it('as of an instant, leaves out what was recorded later, a correction included', async () => {
    const store = new Events();
    const decision = store.add('DecisionMade.v1', { applicationId: 'x', outcome: 'granted' });
    store.add(
      'FactCorrected.v1',
      { correctedEventId: decision.eventId, correctedType: 'DecisionMade.v1', fields: { outcome: 'denied' } },
      '2021-04-10T00:00:00.000Z',
    );
    const before = await foldCorrectedLedger(await ledgerRange(store, { asOf: '2021-04-01T00:00:00.000Z' }), outcomes);
    const after = await foldCorrectedLedger(await ledgerRange(store, { asOf: '2021-04-11T00:00:00.000Z' }), outcomes);
    expect(before).toMatchObject({ passes: 1, state: ['granted'] });
    expect(after).toMatchObject({ passes: 2, state: ['denied'] });
  });
});
