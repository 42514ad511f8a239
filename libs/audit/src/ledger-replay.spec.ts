import { LedgerEvent, Recorded } from '@ledger/domain';
import { RecordedEvent, parsePosition } from '@ledger/event-store';
import { WITHHELD } from '@ledger/ledger';
import { AuditEvent } from './audit-event';
import { LedgerReplayFilter, ReplaySummary, pageOf, selectEvents, withheldAuditEvents } from './ledger-replay';
import { LedgerReplayService } from './ledger-replay.service';
import { APPLICANT, COMPLAINANT, HandBuiltLedger } from './testing/hand-built-ledger';
import { StoreFixture, storeFixture } from './testing/store-fixture';

/**
 * Positions 1–8. Ledger times: 1–3 on 1 March 2021, 4–5 on 30 March 2021 00:00 Beijing (the
 * instant the tests cut at), 6 on 15 April, 7 recorded later in position but earlier in ledger
 * time (another writer's clock), 8 on 15 April.
 */
function sampleLedger(): HandBuiltLedger {
  const ledger = new HandBuiltLedger('test-psb');
  ledger.ledgerTime = '2021-03-01T00:00:00.000Z';
  ledger.file('a1', '2020-03-02T09:00:00+08:00');
  ledger.accept('a1', '2020-03-02');
  ledger.complaint('c1', '2020-04-01');
  ledger.ledgerTime = '2021-03-29T16:00:00.000Z';
  ledger.as('other-psb').file('b1', '2020-05-06T09:00:00+08:00');
  ledger.as('test-psb').grant('a1', '2020-03-20');
  ledger.ledgerTime = '2021-04-15T02:00:00.000Z';
  ledger.disclose('a1', '2020-03-21');
  ledger.ledgerTime = '2021-03-20T00:00:00.000Z';
  ledger.as('other-psb').accept('b1', '2020-05-06');
  ledger.ledgerTime = '2021-04-15T03:00:00.000Z';
  ledger.as('test-psb').resolveComplaint('c1', '2020-04-20');
  return ledger;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('ledger replay', () => {
  let fixture: StoreFixture;
  beforeEach(async () => {
    fixture = await storeFixture();
    await fixture.append(sampleLedger().events);
  });
  afterEach(() => fixture.close());

  /** The store's events, counting how many were read. */
  const counted = () => {
    const counter = { read: 0 };
    const source = async function* (): AsyncGenerator<RecordedEvent> {
      for await (const e of fixture.store.readAll()) {
        counter.read++;
        yield e;
      }
    };
    return { counter, source: source() };
  };
  const positions = async (filter: LedgerReplayFilter) =>
    (await collect(selectEvents(fixture.store.readAll(), filter))).map((e) => e.position);

  describe('selectEvents', () => {
    it('yields every event in the order of the ledger when unfiltered', async () => {
      const events = await collect(selectEvents(fixture.store.readAll(), {}));
      expect(events.map((e) => [e.position, e.streamId, e.revision, e.type])).toEqual([
        ['1', 'application-test-psb.a1', 0, 'ApplicationFiled.v1'],
        ['2', 'application-test-psb.a1', 1, 'ApplicationAccepted.v1'],
        ['3', 'complaint-test-psb.c1', 0, 'ComplaintLogged.v1'],
        ['4', 'application-other-psb.b1', 0, 'ApplicationFiled.v1'],
        ['5', 'application-test-psb.a1', 2, 'DecisionMade.v1'],
        ['6', 'application-test-psb.a1', 3, 'DecisionDisclosed.v1'],
        ['7', 'application-other-psb.b1', 1, 'ApplicationAccepted.v1'],
        ['8', 'complaint-test-psb.c1', 1, 'ComplaintResolved.v1'],
      ]);
    });

    it('stops at an inclusive position without reading the rest of the store', async () => {
      const { counter, source } = counted();
      const events = await collect(selectEvents(source, { upToPosition: parsePosition('4') }));
      expect(events.map((e) => e.position)).toEqual(['1', '2', '3', '4']);
      expect(counter.read).toBe(5);
    });

    it('keeps what was recorded at or before an instant, even after a later-recorded event', async () => {
      expect(await positions({ upTo: '2021-03-29T16:00:00.000Z' })).toEqual(['1', '2', '3', '4', '5', '7']);
      expect(await positions({ upTo: '2021-03-29T15:59:59.999Z' })).toEqual(['1', '2', '3', '7']);
    });

    it("keeps one agency's events", async () => {
      expect(await positions({ agency: 'other-psb' })).toEqual(['4', '7']);
      expect(await positions({ agency: 'nobody' })).toEqual([]);
    });

    it('starts strictly after a cursor and combines the filters', async () => {
      expect(await positions({ after: parsePosition('5') })).toEqual(['6', '7', '8']);
      expect(
        await positions({
          agency: 'test-psb',
          upTo: '2021-04-01T00:00:00Z',
          after: parsePosition('1'),
          upToPosition: parsePosition('6'),
        }),
      ).toEqual(['2', '3', '5']);
    });
  });

  describe('withheldAuditEvents', () => {
    it('withholds in batches, keeping the order, and shows each event as an audit event', async () => {
      const batches: number[] = [];
      const withhold = async (batch: Recorded<LedgerEvent>[]) => {
        batches.push(batch.length);
        return batch.map((e) => ({ ...e, data: { ...e.data, checked: true } }) as unknown as Recorded<LedgerEvent>);
      };
      const events = await collect(withheldAuditEvents(selectEvents(fixture.store.readAll(), {}), withhold, 3));
      expect(batches).toEqual([3, 3, 2]);
      expect(events.map((e) => e.position)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
      expect(events[4]).toEqual({
        position: '5',
        streamId: 'application-test-psb.a1',
        revision: 2,
        eventId: '00000000-0000-4000-8000-000000000005',
        type: 'DecisionMade.v1',
        at: '2020-03-20T10:00:00+08:00',
        ledgerTime: '2021-03-29T16:00:00.000Z',
        agency: 'test-psb',
        actor: 'legacy-import',
        // Recorded before the ledger kept the principal: the replay says so rather than guessing.
        principal: null,
        correlationId: 'c-5',
        causationId: 'c-5',
        data: { applicationId: 'a1', outcome: 'granted', checked: true },
      });
    });
  });

  describe('ReplaySummary', () => {
    it('counts events per type and agency, distinct streams, and the first and last position', async () => {
      const summary = new ReplaySummary();
      expect(summary.toJSON()).toEqual({
        events: 0,
        byType: {},
        streams: 0,
        agencies: {},
        firstPosition: null,
        lastPosition: null,
        lastLedgerTime: null,
      });
      const events = await collect(
        withheldAuditEvents(
          selectEvents(fixture.store.readAll(), { upToPosition: parsePosition('7') }),
          async (b) => b,
        ),
      );
      events.forEach((e) => summary.add(e));
      expect(summary.toJSON()).toEqual({
        events: 7,
        byType: {
          'ApplicationAccepted.v1': 2,
          'ApplicationFiled.v1': 2,
          'ComplaintLogged.v1': 1,
          'DecisionDisclosed.v1': 1,
          'DecisionMade.v1': 1,
        },
        streams: 3,
        agencies: { 'other-psb': 2, 'test-psb': 5 },
        firstPosition: '1',
        lastPosition: '7',
        lastLedgerTime: '2021-04-15T02:00:00.000Z',
      });
    });
  });

  describe('pageOf', () => {
    const all = (filter: LedgerReplayFilter) =>
      withheldAuditEvents(
        selectEvents(fixture.store.readAll(filter.after ? { after: filter.after } : {}), filter),
        async (b) => b,
      );

    it('returns at most limit events, a summary of the page and the cursor of the next page', async () => {
      const first = await pageOf(all({ agency: 'test-psb' }), { agency: 'test-psb' }, 2);
      expect(first.events.map((e: AuditEvent) => e.position)).toEqual(['1', '2']);
      expect(first.next).toEqual({ after: '2' });
      expect(first.summary).toMatchObject({ events: 2, streams: 1, firstPosition: '1', lastPosition: '2' });
      expect(first.filter).toEqual({ agency: 'test-psb', upToPosition: null, upTo: null, after: null, limit: 2 });

      const second = await pageOf(
        all({ agency: 'test-psb', after: parsePosition('2') }),
        { agency: 'test-psb', after: parsePosition('2') },
        2,
      );
      expect(second.events.map((e) => e.position)).toEqual(['3', '5']);
      expect(second.next).toEqual({ after: '5' });
      const last = await pageOf(
        all({ agency: 'test-psb', after: parsePosition('5') }),
        { agency: 'test-psb', after: parsePosition('5') },
        2,
      );
      expect(last.events.map((e) => e.position)).toEqual(['6', '8']);
      expect(last.next).toBeNull();
    });
  });

  describe('LedgerReplayService on a store', () => {
    it('withholds the applicant and the complainant while streaming', async () => {
      const service = new LedgerReplayService(fixture.store, fixture.vault);
      const events = await collect(service.stream({}));
      expect(events).toHaveLength(8);
      expect(events[0].data.applicant).toEqual(WITHHELD);
      expect(events[2].data.complainant).toEqual(WITHHELD);
      const json = JSON.stringify(events);
      for (const value of [...Object.values(APPLICANT), ...Object.values(COMPLAINANT)])
        expect(json).not.toContain(value);
    });

    it('pages what the ledger held at an instant', async () => {
      const page = await new LedgerReplayService(fixture.store, fixture.vault).page({
        upTo: '2021-03-29T16:00:00.000Z',
        after: parsePosition('3'),
        limit: 10,
      });
      expect(page.events.map((e) => e.position)).toEqual(['4', '5', '7']);
      expect(page.summary).toMatchObject({ events: 3, agencies: { 'other-psb': 2, 'test-psb': 1 }, lastPosition: '7' });
      expect(page.next).toBeNull();
    });
  });
});
