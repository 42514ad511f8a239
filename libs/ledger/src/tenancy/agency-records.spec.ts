import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@ledger/event-store';
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
});
