import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, Position, ReadAllOptions, RecordedEvent } from '@ledger/event-store';

/**
 * A small but realistic ledger for the integrity tests: two agencies, items of two departments,
 * applications through their lifecycle with a sealed applicant (as the personal-data vault stores
 * it), an inspection naming an application and a complaint about one. Application, inspection and
 * complaint streams carry their legacy names (`application-A-1`, as stores written before ids were
 * per agency hold them), so the integrity tests also prove that such stores stay readable.
 */
export const SAMPLE = {
  agency: 'jiangmen-psb',
  otherAgency: 'kaiping-psb',
  items: [
    { code: 'ZA-001', department: '治安' },
    { code: 'CRJ-001', department: '出入境' },
  ],
} as const;

function metadata(agency: string, businessTime: string, n: number): Record<string, unknown> {
  return {
    agency,
    actor: 'clerk-7',
    businessTime,
    ledgerTime: '2021-07-01T04:00:00.000Z',
    correlationId: `corr-${n}`,
    causationId: `corr-${n}`,
  };
}

function event(type: string, data: Record<string, unknown>, agency: string, at: string, n: number): NewEvent {
  return { eventId: randomUUID(), type, data, metadata: metadata(agency, at, n) };
}

/** A sealed applicant as the vault stores it: ciphertext only. */
export function sealedApplicant(n: number): Record<string, unknown> {
  return {
    sealed: {
      v: 1,
      alg: 'A256GCM',
      subjectId: `subject-${n}`,
      iv: 'AAAAAAAAAAAAAAAA',
      ct: Buffer.from(`ciphertext ${n} 王小明`).toString('base64url'),
      tag: 'BBBBBBBBBBBBBBBBBBBBBB',
    },
  };
}

/**
 * Records the sample: 2 item registrations, then `applications` applications (filed, accepted,
 * decided), interleaved across streams, an inspection and a complaint. Returns the number of events.
 */
export async function recordSampleLedger(store: EventStore, applications = 6): Promise<number> {
  let n = 0;
  for (const item of SAMPLE.items) {
    await store.appendToStream(`item-${SAMPLE.agency}.${item.code}`, [
      event(
        'ItemRegistered.v1',
        {
          code: item.code,
          name: `许可${item.code}`,
          department: item.department,
          statutoryDays: 20,
          promisedDays: 5,
          effectiveFrom: '2020-01-01T00:00:00+08:00',
        },
        SAMPLE.agency,
        '2020-01-01T00:00:00+08:00',
        n++,
      ),
    ]);
  }
  for (let index = 0; index < applications; index++) {
    const item = SAMPLE.items[index % 2];
    const agency = index === applications - 1 ? SAMPLE.otherAgency : SAMPLE.agency;
    const id = `A-${index}`;
    await store.appendToStream(`application-${id}`, [
      event(
        'ApplicationFiled.v1',
        {
          applicationId: id,
          itemCode: item.code,
          department: item.department,
          statutoryDays: 20,
          promisedDays: 5,
          disclosable: true,
          channel: 'online',
          applicant: sealedApplicant(index),
        },
        agency,
        `2021-03-0${1 + (index % 9)}T09:00:00+08:00`,
        n++,
      ),
    ]);
  }
  for (let index = 0; index < applications; index++) {
    const agency = index === applications - 1 ? SAMPLE.otherAgency : SAMPLE.agency;
    const id = `A-${index}`;
    await store.appendToStream(`application-${id}`, [
      event('ApplicationAccepted.v1', { applicationId: id }, agency, `2021-03-1${index % 9}T10:00:00+08:00`, n++),
    ]);
    await store.appendToStream(`application-${id}`, [
      event(
        'DecisionMade.v1',
        { applicationId: id, outcome: 'granted' },
        agency,
        `2021-04-1${index % 9}T10:00:00+08:00`,
        n++,
      ),
    ]);
  }
  await store.appendToStream('inspection-I-1', [
    event(
      'InspectionPerformed.v1',
      {
        inspectionId: 'I-1',
        kind: 'case-file-review',
        department: '治安',
        applicationIds: ['A-0', 'A-2'],
        filesReviewed: 2,
        findings: '合格',
        rectificationRequired: false,
      },
      SAMPLE.agency,
      '2021-05-01T10:00:00+08:00',
      n++,
    ),
  ]);
  await store.appendToStream('complaint-C-1', [
    event(
      'ComplaintLogged.v1',
      {
        complaintId: 'C-1',
        channel: '12345',
        subject: '办理慢',
        applicationId: 'A-1',
        itemCode: 'CRJ-001',
        department: '出入境',
        complainant: sealedApplicant(99),
      },
      SAMPLE.agency,
      '2021-05-02T10:00:00+08:00',
      n++,
    ),
  ]);
  return n;
}

/** Appends `count` plain events to one stream (for bulk and timing tests). */
export async function recordBulk(store: EventStore, count: number, batch = 500): Promise<void> {
  for (let done = 0; done < count; done += batch) {
    const size = Math.min(batch, count - done);
    await store.appendToStream(
      `bulk-${Math.floor(done / 10_000)}`,
      Array.from({ length: size }, (_, index) =>
        event(
          'IndicatorReported.v1',
          { name: 'seals', year: 2020, value: done + index, unit: 'pcs', source: 'seal-system' },
          SAMPLE.agency,
          '2020-12-31T10:00:00+08:00',
          done + index,
        ),
      ),
    );
  }
}

/** What a tampering store does to the events it reads. */
export type Tampering =
  | { readonly kind: 'change'; readonly leaf: number }
  | { readonly kind: 'delete'; readonly leaf: number }
  | { readonly kind: 'swap'; readonly leaves: readonly [number, number] }
  | { readonly kind: 'insert'; readonly leaf: number };

/**
 * Wraps any store and alters what `readAll` returns, the way someone with write access to the
 * store's files could: a store-independent stand-in for editing the SQLite file or a KurrentDB
 * node's chunks, so tamper detection is tested on both adapters through the port alone.
 */
export function tamperedView(store: EventStore, tampering: Tampering): EventStore {
  async function* readAll(options?: ReadAllOptions): AsyncGenerator<RecordedEvent> {
    if (options?.after || options?.maxCount !== undefined)
      throw new Error('the tampered view reads everything from the start only');
    const events: RecordedEvent[] = [];
    for await (const recorded of store.readAll()) events.push(recorded);
    switch (tampering.kind) {
      case 'change':
        events[tampering.leaf] = {
          ...events[tampering.leaf],
          data: { ...events[tampering.leaf].data, outcome: 'denied' },
        };
        break;
      case 'delete':
        events.splice(tampering.leaf, 1);
        break;
      case 'swap': {
        const [a, b] = tampering.leaves;
        [events[a], events[b]] = [
          { ...events[b], position: events[a].position },
          { ...events[a], position: events[b].position },
        ];
        break;
      }
      case 'insert':
        events.splice(tampering.leaf, 0, { ...events[tampering.leaf], eventId: randomUUID(), data: { forged: true } });
        break;
    }
    yield* events;
  }
  return new Proxy(store, {
    get: (target, name) => {
      if (name === 'readAll') return readAll;
      const value = Reflect.get(target, name, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Positions in global order, for assertions. */
export async function positionsOf(store: EventStore): Promise<Position[]> {
  const positions: Position[] = [];
  for await (const recorded of store.readAll()) positions.push(recorded.position);
  return positions;
}
