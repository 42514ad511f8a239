import { OrderingLanes } from './ordering-lanes';

/** A task that finishes when the test says so, and says when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    open,
    task: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
    },
  };
}

describe('ordering lanes', () => {
  it('runs a task in two lanes only after the earlier task of each, and holds back later tasks of both', async () => {
    const lanes = new OrderingLanes(8);
    const log: string[] = [];
    const decision = gate(log, 'decision');
    const grant = gate(log, 'grant');
    const renewal = gate(log, 'renewal');
    const nextDecision = gate(log, 'next decision');
    await lanes.submit('applicationId:a', decision.task);
    await lanes.submit(['licenceId:l', 'applicationId:a'], grant.task);
    await lanes.submit('licenceId:l', renewal.task);
    await lanes.submit('applicationId:a', nextDecision.task);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start decision']);
    decision.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start decision', 'end decision', 'start grant']);
    grant.open();
    renewal.open();
    nextDecision.open();
    await lanes.drain();
    expect(log.slice(0, 4)).toEqual(['start decision', 'end decision', 'start grant', 'end grant']);
    expect(log).toHaveLength(8);
  });
});
