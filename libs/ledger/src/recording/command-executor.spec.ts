import { ConflictError, LedgerEvent, PersonalData, Recorded, ValidationError } from '@ledger/domain';
import { fromStoredEvent } from '@ledger/kernel';
import { type EventStore, type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { LocalMasterKeyProvider } from '../personal-data/local-master-key-provider';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { SqliteSubjectKeyStore } from '../personal-data/sqlite/sqlite-subject-key-store';
import { CommandExecutor, StreamDecider, retryDelayMs } from './command-executor';
import { CommandMetadata, commandDigest, eventIdFor } from './command-metadata';
import { StreamsWithEvents } from './streams-with-events';

type Filing = { type: 'FileApplication'; applicationId: string; applicant: PersonalData };
type Acceptance = { type: 'DecideAcceptance'; applicationId: string; at: string };

/** A decider reduced to what the executor drives: file once, then accept. */
const decider: StreamDecider<Filing | Acceptance, LedgerEvent, number, unknown> = {
  initialState: () => 0,
  evolve: (n) => n + 1,
  decide: (c, n) => {
    if (c.type === 'FileApplication') {
      if (n > 0) throw new ConflictError('APPLICATION.ALREADY_FILED', 'already filed');
      return [
        {
          type: 'ApplicationFiled.v1',
          data: { applicationId: c.applicationId, applicant: c.applicant },
          at: '2021-03-01T09:00:00+08:00',
        } as unknown as LedgerEvent,
      ];
    }
    return [{ type: 'ApplicationAccepted.v1', data: { applicationId: c.applicationId }, at: c.at } as LedgerEvent];
  },
};

const ZHANG: PersonalData = { name: '张三丰', idNumber: '44070219800101001X', phone: '13800138000' };

describe('CommandExecutor with personal data', () => {
  let store: SqliteEventStore;
  let keys: SqliteSubjectKeyStore;
  let vault: PersonalDataVault;
  let executor: CommandExecutor;
  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    keys = new SqliteSubjectKeyStore(':memory:');
    vault = await PersonalDataVault.open(LocalMasterKeyProvider.ephemeral(), keys);
    executor = new CommandExecutor(store, () => Date.parse('2021-07-01T00:00:00Z'), vault);
  });
  afterEach(async () => {
    await store.close();
    await keys.close();
  });

  const metadata = (idempotencyKey?: string): CommandMetadata => ({
    agency: 'a',
    actor: 'clerk',
    correlationId: 'c',
    causationId: 'c',
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
  const file = (applicant: PersonalData, key?: string, applicationId = 'app-1') =>
    executor.execute({
      streamId: `application-${applicationId}`,
      id: applicationId,
      decider,
      command: { type: 'FileApplication', applicationId, applicant },
      context: () => undefined,
      metadata: metadata(key),
    });
  const stream = async (streamId = 'application-app-1') => {
    const events: RecordedEvent[] = [];
    for await (const e of store.readStream(streamId)) events.push(e);
    return events;
  };
  const subjectOf = (e: RecordedEvent) =>
    (e.data as { applicant: { sealed: { subjectId: string } } }).applicant.sealed.subjectId;

  describe('when a filing is recorded', () => {
    it('stores the applicant sealed: no name, identity number or phone in the data or the metadata', async () => {
      await file(ZHANG, 'k-1');
      const [event] = await stream();
      const json = JSON.stringify({ data: event.data, metadata: event.metadata });
      for (const value of [ZHANG.name, ZHANG.idNumber!, ZHANG.phone!]) expect(json).not.toContain(value);
      expect(event.data).toMatchObject({ applicationId: 'app-1', applicant: { sealed: { alg: 'A256GCM' } } });
      expect(event.metadata).toMatchObject({ idempotencyKey: 'k-1', commandDigest: expect.any(String) });
      expect(event.metadata.commandDigest).not.toBe(
        commandDigest({ type: 'FileApplication', applicationId: 'app-1', applicant: ZHANG }),
      );
    });
  });

  describe('when a filing is retried with its Idempotency-Key', () => {
    it('returns the first result and records nothing', async () => {
      const first = await file(ZHANG, 'k-1');
      const again = await file({ ...ZHANG }, 'k-1');
      expect(again).toEqual({ ...first, replayed: true });
      expect(await stream()).toHaveLength(1);
    });

    it('does so for an applicant known by name only (a subject of their own)', async () => {
      const first = await file({ name: '张伟' }, 'k-2');
      expect(await file({ name: '张伟' }, 'k-2')).toEqual({ ...first, replayed: true });
    });

    it('refuses the key with another applicant', async () => {
      await file(ZHANG, 'k-1');
      await expect(file({ ...ZHANG, phone: '13800138001' }, 'k-1')).rejects.toMatchObject({
        code: 'IDEMPOTENCY.KEY_REUSED',
      });
      await expect(file({ ...ZHANG, phone: '13800138001' }, 'k-1')).rejects.toBeInstanceOf(ValidationError);
      expect(await stream()).toHaveLength(1);
    });

    it('refuses with SUBJECT.ERASED once the applicant was erased, recording nothing', async () => {
      await file(ZHANG, 'k-1');
      await vault.destroy(subjectOf((await stream())[0]), '2026-01-01T00:00:00Z');
      await expect(file(ZHANG, 'k-1')).rejects.toMatchObject({ code: 'SUBJECT.ERASED', kind: 'conflict' });
      expect(await stream()).toHaveLength(1);
    });
  });

  describe('when a command carries no personal data', () => {
    it('keeps the plain command digest, so keys recorded before sealing still match', async () => {
      await file(ZHANG);
      const command = { type: 'DecideAcceptance' as const, applicationId: 'app-1', at: '2021-03-02T09:00:00+08:00' };
      const run = () =>
        executor.execute({
          streamId: 'application-app-1',
          id: 'app-1',
          decider,
          command,
          context: () => undefined,
          metadata: metadata('k-3'),
        });
      const first = await run();
      expect((await stream())[1].metadata.commandDigest).toBe(commandDigest(command));
      expect(await run()).toEqual({ ...first, replayed: true });
    });
  });

  describe('when the same person files two applications', () => {
    it('seals both under one subject', async () => {
      await file(ZHANG, 'k-a', 'app-a');
      await file({ ...ZHANG, idNumber: '44070219800101001x' }, 'k-b', 'app-b');
      expect(subjectOf((await stream('application-app-a'))[0])).toBe(subjectOf((await stream('application-app-b'))[0]));
    });
  });
  describe('when a key is reused with another body, decided on the revision the first was decided on', () => {
    // The second request loaded the stream before the first one's write landed (they raced, or
    // the first's outcome was unknown), and the store answers an idempotent append like a write,
    // as KurrentDB does and the port allows (`AppendResult.duplicate`).
    const raceAfterFirstWrite = (): EventStore => {
      let stale = true;
      return {
        appendToStream: async (...args) => ({ ...(await store.appendToStream(...args)), duplicate: false }),
        readStream: (streamId, options) => {
          if (!stale) return store.readStream(streamId, options);
          stale = false;
          return (async function* () {})();
        },
        streamRevision: (streamId) => store.streamRevision(streamId),
        readAll: (options) => store.readAll(options),
        subscribeToAll: (options) => store.subscribeToAll(options),
        headPosition: () => store.headPosition(),
        close: () => store.close(),
      };
    };

    it('refuses it as IDEMPOTENCY.KEY_REUSED and never acknowledges the body it did not store', async () => {
      const first = await file(ZHANG, 'k-1');
      const racing = new CommandExecutor(raceAfterFirstWrite(), () => Date.parse('2021-07-01T00:00:00Z'), vault);
      const other = { ...ZHANG, phone: '13800138001' };
      await expect(
        racing.execute({
          streamId: 'application-app-1',
          id: 'app-1',
          decider,
          command: { type: 'FileApplication', applicationId: 'app-1', applicant: other },
          context: () => undefined,
          metadata: metadata('k-1'),
        }),
      ).rejects.toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
      expect((await stream()).map((event) => event.eventId)).toEqual(first.eventIds);
    });
  });
});

describe('CommandExecutor keeping the histories it wrote', () => {
  type Step = { type: 'Note'; at: string } | { type: 'Confirm'; at: string };
  /** Folds what it sees into a list; `Confirm` needs two earlier notes. */
  const seen: Recorded<LedgerEvent>[][] = [];
  const listing: StreamDecider<Step, LedgerEvent, Recorded<LedgerEvent>[], unknown> = {
    initialState: () => [],
    evolve: (list, event) => [...list, event as unknown as Recorded<LedgerEvent>],
    decide: (command, list) => {
      seen.push(list);
      if (command.type === 'Confirm' && list.length < 2)
        throw new ConflictError('STEP.TOO_EARLY', `${list.length} notes, 2 needed`);
      return [{ type: `${command.type}d.v1`, data: { n: list.length, gone: undefined }, at: command.at } as never];
    },
  };
  let store: SqliteEventStore;
  let keys: SqliteSubjectKeyStore;
  let reads: number;
  let counted: EventStore;
  let vault: PersonalDataVault;
  const executorOn = async (on: EventStore) => new CommandExecutor(on, () => Date.parse('2021-07-01T00:00:00Z'), vault);
  const step = (executor: CommandExecutor, type: Step['type']) =>
    executor.execute({
      streamId: 'notes-1',
      id: 'notes-1',
      decider: listing,
      command: { type, at: '2021-03-01T09:00:00+08:00' },
      context: () => undefined,
      metadata: { agency: 'a', actor: 'clerk', correlationId: 'c', causationId: 'c' },
    });
  const asStored = async () => {
    const events: Recorded<LedgerEvent>[] = [];
    for await (const event of store.readStream('notes-1')) events.push(fromStoredEvent(event));
    return JSON.stringify(events, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
  };
  const json = (events: Recorded<LedgerEvent>[]) =>
    JSON.stringify(events, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));

  beforeEach(async () => {
    seen.length = 0;
    reads = 0;
    store = new SqliteEventStore(':memory:');
    keys = new SqliteSubjectKeyStore(':memory:');
    vault = await PersonalDataVault.open(LocalMasterKeyProvider.ephemeral(), keys);
    counted = new Proxy(store, {
      get(target, name) {
        if (name === 'readStream') reads++;
        const value = Reflect.get(target, name, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  });
  afterEach(async () => {
    await store.close();
    await keys.close();
  });

  describe('when it writes a stream again', () => {
    it('decides on the history as a read would return it, without reading the stream', async () => {
      const executor = await executorOn(counted);
      const revisions = [];
      for (const type of ['Note', 'Note', 'Confirm'] as const) revisions.push((await step(executor, type)).revision);
      expect(revisions).toEqual([0, 1, 2]);
      expect(reads).toBe(1);
      const stored = await asStored();
      await step(executor, 'Note');
      expect(json(seen[seen.length - 1])).toBe(stored);
    });
  });

  describe('when another process wrote the stream meanwhile', () => {
    it('is refused by the store, reads the stream again and decides on all of it', async () => {
      const executor = await executorOn(counted);
      await step(executor, 'Note');
      await step(await executorOn(store), 'Note');
      expect((await step(executor, 'Note')).revision).toBe(2);
      expect(seen[seen.length - 1]).toHaveLength(2);
      expect(reads).toBe(2);
      expect(json(seen[seen.length - 1])).toBe(JSON.stringify(JSON.parse(await asStored()).slice(0, 2)));
    });

    it('judges again on the stream as stored a command its kept history would refuse', async () => {
      const executor = await executorOn(counted);
      await step(executor, 'Note');
      await step(await executorOn(store), 'Note');
      expect((await step(executor, 'Confirm')).revision).toBe(2);
      await expect(step(await executorOn(new SqliteEventStore(':memory:')), 'Confirm')).rejects.toMatchObject({
        code: 'STEP.TOO_EARLY',
      });
    });
  });
});

describe('CommandExecutor on a stream located as empty', () => {
  let store: SqliteEventStore;
  let keys: SqliteSubjectKeyStore;
  let vault: PersonalDataVault;
  let reads: number;
  let counted: EventStore;
  beforeEach(async () => {
    reads = 0;
    store = new SqliteEventStore(':memory:');
    keys = new SqliteSubjectKeyStore(':memory:');
    vault = await PersonalDataVault.open(LocalMasterKeyProvider.ephemeral(), keys);
    counted = new Proxy(store, {
      get(target, name) {
        if (name === 'readStream') reads++;
        const value = Reflect.get(target, name, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  });
  afterEach(async () => {
    await store.close();
    await keys.close();
  });

  const fileAs = (on: EventStore, key: string | undefined, applicant: PersonalData = ZHANG) =>
    new CommandExecutor(on, () => Date.parse('2021-07-01T00:00:00Z'), vault).execute({
      streamId: 'application-app-1',
      id: 'app-1',
      decider,
      command: { type: 'FileApplication', applicationId: 'app-1', applicant },
      context: () => undefined,
      metadata: {
        agency: 'a',
        actor: 'clerk',
        correlationId: 'c',
        causationId: 'c',
        ...(key ? { idempotencyKey: key } : {}),
      },
      emptyWhenLocated: true,
    });

  it('decides on it as empty without reading it', async () => {
    await expect(fileAs(counted, 'k-1')).resolves.toMatchObject({ revision: 0, replayed: false });
    expect(reads).toBe(0);
  });

  it('says the stream holds events once it appended to it, so that locating it needs no lookup', async () => {
    const withEvents = new StreamsWithEvents();
    const executor = new CommandExecutor(store, () => Date.parse('2021-07-01T00:00:00Z'), vault, withEvents);
    await executor.execute({
      streamId: 'application-app-1',
      id: 'app-1',
      decider,
      command: { type: 'FileApplication', applicationId: 'app-1', applicant: ZHANG },
      context: () => undefined,
      metadata: { agency: 'a', actor: 'clerk', correlationId: 'c', causationId: 'c' },
      emptyWhenLocated: true,
    });
    expect(withEvents.has('application-app-1')).toBe(true);
    expect(withEvents.has('application-app-2')).toBe(false);
  });

  it('decides again on the stream as stored when it was written after it was located', async () => {
    await fileAs(store, undefined);
    await expect(fileAs(counted, undefined)).rejects.toMatchObject({ code: 'APPLICATION.ALREADY_FILED' });
    expect(reads).toBe(1);
  });

  it('answers a retry that raced the first filing with the first result, recording nothing more', async () => {
    const first = await fileAs(store, 'k-1');
    await expect(fileAs(counted, 'k-1')).resolves.toMatchObject({ eventIds: first.eventIds, replayed: true });
    await expect(fileAs(counted, 'k-1', { ...ZHANG, phone: '13800138001' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY.KEY_REUSED',
    });
    const stored = [];
    for await (const event of store.readStream('application-app-1')) stored.push(event.eventId);
    expect(stored).toEqual(first.eventIds);
  });
});

describe('event ids of a command with an idempotency key', () => {
  const retry = (commandDigest: string) => ({ idempotencyKey: 'k-1', commandDigest });

  it('are the same for a retry of the same command, and other ids for another body', () => {
    expect(eventIdFor('application-app-1', retry('d1'), 0)).toBe(eventIdFor('application-app-1', retry('d1'), 0));
    expect(eventIdFor('application-app-1', retry('d2'), 0)).not.toBe(eventIdFor('application-app-1', retry('d1'), 0));
    expect(eventIdFor('application-app-1', retry('d1'), 1)).not.toBe(eventIdFor('application-app-1', retry('d1'), 0));
    expect(eventIdFor('application-app-2', retry('d1'), 0)).not.toBe(eventIdFor('application-app-1', retry('d1'), 0));
  });

  it('are UUIDs, as KurrentDB requires', () => {
    expect(eventIdFor('application-app-1', retry('d1'), 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('the wait before a retry after a conflict', () => {
  it('grows with the attempt up to a cap, and is drawn at random below it', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelayMs(attempt, () => 0.999999))).toEqual([
      9, 19, 39, 79, 159, 199, 199, 199,
    ]);
    expect(retryDelayMs(3, () => 0)).toBe(0);
    expect(retryDelayMs(3, () => 0.5)).toBe(20);
  });
});
