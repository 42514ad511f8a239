import { correctedHistory } from './corrected-history';

const decision = {
  eventId: 'e-3',
  type: 'DecisionMade.v1',
  at: '2021-03-05T09:00:00+08:00',
  data: { applicationId: 'a-1', outcome: 'granted' },
  metadata: { businessTime: '2021-03-05T09:00:00+08:00', agency: 'a' },
};
const correction = (correctedEventId: string, data: Record<string, unknown>, eventId = 'c-1') => ({
  eventId,
  type: 'FactCorrected.v1',
  at: '2021-03-29T09:00:00+08:00',
  data: { correctedEventId, correctedType: 'DecisionMade.v1', reason: 'r', authorisedBy: 's', ...data },
});

describe('corrected history', () => {
  it('returns the events unchanged when there is no correction', () => {
    const events = [decision];
    expect(correctedHistory(events)).toEqual(events);
    expect(correctedHistory(events)[0]).toBe(decision);
  });

  it('merges a correction into the event it names, time (in the metadata too) and fields, and leaves the correction out', () => {
    const corrected = correctedHistory([
      decision,
      correction('e-3', { correctedAt: '2021-03-04T09:00:00+08:00', fields: { outcome: 'denied', reason: 'x' } }),
    ]);
    expect(corrected).toEqual([
      {
        ...decision,
        at: '2021-03-04T09:00:00+08:00',
        metadata: { ...decision.metadata, businessTime: '2021-03-04T09:00:00+08:00' },
        data: { applicationId: 'a-1', outcome: 'denied', reason: 'x' },
      },
    ]);
    expect(decision.data.outcome).toBe('granted');
  });

  it('lets the later of two corrections of one field stand, keeping the fields only the first changed', () => {
    const corrected = correctedHistory([
      decision,
      correction('e-3', { fields: { outcome: 'denied', reason: 'x' } }, 'c-1'),
      correction('e-3', { fields: { outcome: 'granted' } }, 'c-2'),
    ]);
    expect(corrected[0].data).toEqual({ applicationId: 'a-1', outcome: 'granted', reason: 'x' });
  });

  it('ignores a correction naming an event it has not seen (as of before the event, or another stream)', () => {
    expect(correctedHistory([correction('e-3', { fields: { outcome: 'denied' } }), decision])).toEqual([decision]);
  });

  it('ignores a correction whose data names no event', () => {
    expect(correctedHistory([decision, { ...correction('e-3', {}), data: { fields: { outcome: 'denied' } } }])).toEqual(
      [decision],
    );
  });
});
