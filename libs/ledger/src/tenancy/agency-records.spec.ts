import { randomUUID } from 'node:crypto';
import { type EventStore, SqliteEventStore } from '@ledger/event-store';
import { StreamsWithEvents } from '../recording/streams-with-events';
import { AgencyRecords } from './agency-records';

const filed = (agency: string) => ({
  eventId: randomUUID(),
  type: 'ApplicationFiled.v1',
  data: { applicationId: 'SQ-1' },
  metadata: { agency },
});

describe('AgencyRecords', () => {
  let store: SqliteEventStore;
  let records: AgencyRecords;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    records = new AgencyRecords(store);
  });
  afterEach(() => store.close());

  describe('when no stream holds the record yet', () => {
    it('chooses the per-agency name', async () => {
      await expect(records.streamOf('application', 'a-psb', 'SQ-1')).resolves.toBe('application-a-psb.SQ-1');
    });
  });

  describe('when an older store holds the record under its legacy name', () => {
    beforeEach(() => store.appendToStream('application-SQ-1', [filed('b-psb')]));

    it('keeps using the legacy stream for the agency that recorded it', async () => {
      await expect(records.streamOf('application', 'b-psb', 'SQ-1')).resolves.toBe('application-SQ-1');
    });

    it('gives any other agency its own stream for the same id', async () => {
      await expect(records.streamOf('application', 'a-psb', 'SQ-1')).resolves.toBe('application-a-psb.SQ-1');
    });
  });

  describe('when the per-agency stream exists', () => {
    it('chooses it, whatever a legacy stream of the same id holds', async () => {
      await store.appendToStream('application-a-psb.SQ-1', [filed('a-psb')]);
      await store.appendToStream('application-SQ-1', [filed('a-psb')]);
      await expect(records.streamOf('application', 'a-psb', 'SQ-1')).resolves.toBe('application-a-psb.SQ-1');
    });
  });

  it('never looks for a legacy item stream: item streams always named their agency', async () => {
    await store.appendToStream('item-X-1', [filed('a-psb')]);
    await expect(records.streamOf('item', 'a-psb', 'X-1')).resolves.toBe('item-a-psb.X-1');
  });
  describe('locating a record', () => {
    it('says a new record has an empty stream, and an existing or legacy one has not', async () => {
      await expect(records.locate('application', 'a-psb', 'SQ-1')).resolves.toEqual({
        streamId: 'application-a-psb.SQ-1',
        emptyWhenLocated: true,
      });
      await store.appendToStream('application-SQ-1', [filed('b-psb')]);
      await expect(records.locate('application', 'b-psb', 'SQ-1')).resolves.toEqual({
        streamId: 'application-SQ-1',
        emptyWhenLocated: false,
      });
      await expect(records.locate('application', 'a-psb', 'SQ-1')).resolves.toEqual({
        streamId: 'application-a-psb.SQ-1',
        emptyWhenLocated: true,
      });
      await store.appendToStream('application-a-psb.SQ-1', [filed('a-psb')]);
      await expect(records.locate('application', 'a-psb', 'SQ-1')).resolves.toEqual({
        streamId: 'application-a-psb.SQ-1',
        emptyWhenLocated: false,
      });
    });

    it('looks up a per-agency stream once it is known to hold events, and a new record every time', async () => {
      let lookups = 0;
      const counted = new Proxy(store, {
        get(target, name) {
          if (name === 'streamRevision' || name === 'readStream') lookups++;
          const value = Reflect.get(target, name, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }) as EventStore;
      const withEvents = new StreamsWithEvents();
      const remembering = new AgencyRecords(counted, withEvents);
      await remembering.locate('application', 'a-psb', 'SQ-1');
      await remembering.locate('application', 'a-psb', 'SQ-1');
      expect(lookups).toBe(4);
      await store.appendToStream('application-a-psb.SQ-1', [filed('a-psb')]);
      await remembering.locate('application', 'a-psb', 'SQ-1');
      await remembering.locate('application', 'a-psb', 'SQ-1');
      expect(lookups).toBe(5);
      // Appended to by this process (the command executor says so): never looked up.
      withEvents.add('application-a-psb.SQ-2');
      await expect(remembering.locate('application', 'a-psb', 'SQ-2')).resolves.toEqual({
        streamId: 'application-a-psb.SQ-2',
        emptyWhenLocated: false,
      });
      expect(lookups).toBe(5);
    });
  });
});
