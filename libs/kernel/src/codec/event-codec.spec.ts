import { RecordedEvent } from '@ledger/event-store';
import { decodeStoredEvent, factOf, fromStoredEvent } from './event-codec';
import { UpcasterRegistry } from './upcasters';

const metadata = {
  agency: 'test-psb',
  actor: 'clerk',
  businessTime: '2020-03-02T10:00:00+08:00',
  ledgerTime: '2020-03-02T02:03:00.000Z',
  correlationId: 'c',
  causationId: 'c',
};
const stored = (type: string, data: unknown, meta: unknown = metadata): RecordedEvent =>
  ({
    eventId: 'e-1',
    type,
    data,
    metadata: meta,
    streamId: 'application-A-1',
    revision: 0,
    position: { commit: 7n, prepare: 7n },
  }) as unknown as RecordedEvent;

describe('decoding a stored event', () => {
  it('gives a licensing fact with its business time, place and metadata', () => {
    const decoded = decodeStoredEvent(stored('ApplicationAccepted.v1', { applicationId: 'A-1' }));
    expect(decoded.kind).toBe('fact');
    expect(decoded.event).toMatchObject({
      type: 'ApplicationAccepted.v1',
      data: { applicationId: 'A-1' },
      at: metadata.businessTime,
      streamId: 'application-A-1',
      revision: 0,
      eventId: 'e-1',
    });
    expect(typeof decoded.event.position).toBe('string');
  });

  it('passes an event of another type through as unknown, saying why', () => {
    const decoded = decodeStoredEvent(stored('PersonalDataAccessed.v1', { subjects: [] }));
    expect(decoded).toMatchObject({ kind: 'unknown', event: { type: 'PersonalDataAccessed.v1' } });
    expect(decoded.kind === 'unknown' && decoded.reason).toContain('not a licensing fact');
    expect(factOf(stored('PersonalDataAccessed.v1', {}))).toBeUndefined();
  });

  it('does not take data that is no object, or metadata without an agency, for a fact', () => {
    expect(decodeStoredEvent(stored('ApplicationAccepted.v1', 'A-1')).kind).toBe('unknown');
    expect(decodeStoredEvent(stored('ApplicationAccepted.v1', null)).kind).toBe('unknown');
    expect(
      decodeStoredEvent(stored('ApplicationAccepted.v1', { applicationId: 'A-1' }, { ...metadata, agency: undefined }))
        .kind,
    ).toBe('unknown');
  });

  it('hands the write side every event, known or not, for its deciders to ignore', () => {
    expect(fromStoredEvent(stored('Unheard.v9', { x: 1 })).type).toBe('Unheard.v9');
  });
});

describe('upcasting', () => {
  // A schema change: the filing's `dept` of an imagined v0 became `department` in v1.
  const registry = new UpcasterRegistry([
    {
      from: 'ApplicationFiled.v0',
      to: 'ApplicationFiled.v1',
      upcast: (data) => {
        const { dept, ...rest } = data as { dept: string };
        return { ...rest, department: dept };
      },
    },
  ]);

  it('reads an old version as the current one, leaving the stored event untouched', () => {
    const old = stored('ApplicationFiled.v0', { applicationId: 'A-1', dept: '治安' });
    const decoded = decodeStoredEvent(old, registry);
    expect(decoded).toMatchObject({
      kind: 'fact',
      event: { type: 'ApplicationFiled.v1', data: { applicationId: 'A-1', department: '治安' } },
    });
    expect(old).toMatchObject({ type: 'ApplicationFiled.v0', data: { dept: '治安' } });
  });

  it('follows a chain of versions', () => {
    const chain = new UpcasterRegistry([
      { from: 'X.v1', to: 'X.v2', upcast: (d) => ({ ...(d as object), two: true }) },
      { from: 'X.v2', to: 'ApplicationAccepted.v1', upcast: (d) => ({ ...(d as object), three: true }) },
    ]);
    expect(chain.upcast('X.v1', { one: true })).toEqual({
      type: 'ApplicationAccepted.v1',
      data: { one: true, two: true, three: true },
    });
  });

  it('refuses two upcasters from one type, one that keeps the type, and loops', () => {
    expect(() =>
      registry.register({ from: 'ApplicationFiled.v0', to: 'ApplicationFiled.v2', upcast: (d) => d }),
    ).toThrow('already registered');
    expect(() => new UpcasterRegistry([{ from: 'Y.v1', to: 'Y.v1', upcast: (d) => d }])).toThrow(
      'must change the type',
    );
    const loop = new UpcasterRegistry([
      { from: 'A.v1', to: 'B.v1', upcast: (d) => d },
      { from: 'B.v1', to: 'A.v1', upcast: (d) => d },
    ]);
    expect(() => loop.upcast('A.v1', {})).toThrow('loop');
  });
});
