import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ItemAttributes, ItemEvent, recordStreamId } from '@ledger/domain';
import { type EventStore, type ReadStreamOptions, SqliteEventStore } from '@ledger/event-store';
import { toStoredEvent } from '@ledger/kernel';
import { ItemCatalogue } from './item-catalogue';

const AGENCY = 'jiangmen-psb';
const CODE = 'JM-ZA-001';
const STREAM = recordStreamId('item', AGENCY, CODE);

const HOTEL_PERMIT: ItemAttributes = {
  name: '旅馆业特种行业许可证核发',
  department: '治安',
  statutoryDays: 20,
  promisedDays: 5,
  handlingType: 'promised',
  requiredVisits: 1,
  fullyOnline: false,
  inStandardCatalogue: true,
  inOnlineHall: true,
  disclosable: true,
};

const registered: ItemEvent = {
  type: 'ItemRegistered.v1',
  data: { code: CODE, ...HOTEL_PERMIT, effectiveFrom: '2015-01-01T00:00:00+08:00' },
  at: '2015-01-01T00:00:00+08:00',
};
const amended: ItemEvent = {
  type: 'ItemAmended.v1',
  data: { code: CODE, changes: { promisedDays: 3 }, effectiveFrom: '2020-07-01T00:00:00+08:00' },
  at: '2020-07-01T00:00:00+08:00',
};
const retired: ItemEvent = {
  type: 'ItemRetired.v1',
  data: { code: CODE, effectiveFrom: '2021-01-01T00:00:00+08:00', reason: '国务院决定取消' },
  at: '2021-01-01T00:00:00+08:00',
};

const record = (store: EventStore, event: ItemEvent, expectedRevision: number | 'no_stream') =>
  store.appendToStream(
    STREAM,
    [
      toStoredEvent(event, randomUUID(), {
        agency: AGENCY,
        actor: 'clerk',
        ledgerTime: event.at,
        correlationId: 'c',
        causationId: 'c',
      }),
    ],
    { expectedRevision },
  );

describe('ItemCatalogue', () => {
  let dir: string;
  let ours: SqliteEventStore;
  let theirs: SqliteEventStore;
  let catalogue: ItemCatalogue;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'item-catalogue-'));
    ours = new SqliteEventStore(join(dir, 'events.sqlite'));
    // Another process writing the same file.
    theirs = new SqliteEventStore(join(dir, 'events.sqlite'));
    catalogue = new ItemCatalogue(ours);
  });
  afterEach(async () => {
    await ours.close();
    await theirs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees an amendment another process recorded after the item was first read', async () => {
    await record(theirs, registered, 'no_stream');
    await expect(catalogue.onFilingDate(AGENCY, CODE, '2020-08-01T09:00:00+08:00')).resolves.toMatchObject({
      status: 'in-force',
      attributes: { promisedDays: 5 },
    });
    await record(theirs, amended, 0);
    await expect(catalogue.onFilingDate(AGENCY, CODE, '2020-08-01T09:00:00+08:00')).resolves.toMatchObject({
      status: 'in-force',
      attributes: { promisedDays: 3 },
    });
  });

  it('answers retired once another process retired the item meanwhile', async () => {
    await record(theirs, registered, 'no_stream');
    await catalogue.onFilingDate(AGENCY, CODE, '2021-02-01T09:00:00+08:00');
    await record(theirs, retired, 0);
    await expect(catalogue.onFilingDate(AGENCY, CODE, '2021-02-01T09:00:00+08:00')).resolves.toEqual({
      status: 'retired',
      retiredFrom: '2021-01-01T00:00:00+08:00',
    });
  });

  it('sees an item registered by another process after a filing found it unknown', async () => {
    await expect(catalogue.onFilingDate(AGENCY, CODE, '2020-08-01T09:00:00+08:00')).resolves.toEqual({
      status: 'unknown',
    });
    await record(theirs, registered, 'no_stream');
    await expect(catalogue.onFilingDate(AGENCY, CODE, '2020-08-01T09:00:00+08:00')).resolves.toMatchObject({
      status: 'in-force',
    });
  });

  it('reads only the events recorded after those it has already folded', async () => {
    const reads: (number | undefined)[] = [];
    const counting = Object.create(ours, {
      readStream: {
        value: (streamId: string, options?: ReadStreamOptions) => {
          reads.push(options?.fromRevision);
          return ours.readStream(streamId, options);
        },
      },
    }) as EventStore;
    const kept = new ItemCatalogue(counting);
    await record(theirs, registered, 'no_stream');
    await kept.stateOf(AGENCY, CODE);
    await record(theirs, amended, 0);
    await kept.stateOf(AGENCY, CODE);
    await kept.stateOf(AGENCY, CODE);
    expect(reads).toEqual([0, 1, 2]);
    await expect(kept.stateOf(AGENCY, CODE)).resolves.toEqual(await new ItemCatalogue(ours).stateOf(AGENCY, CODE));
  });
});
