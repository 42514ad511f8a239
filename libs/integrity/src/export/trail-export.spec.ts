import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { LedgerIntegrity } from '../checkpoints/ledger-integrity';
import { canonicalJson, canonicalJsonOrFallback } from '../canonical/canonical-json';
import { leafEventOf } from '../ledger-tree/event-leaf';
import { hashLeafText } from '../merkle/merkle-hash';
import { inclusionProof } from '../merkle/merkle-proofs';
import { generateSignerKey, parseVerifierKey } from '../signed-note/note-keys';
import { recordSampleLedger } from '../testing/sample-ledger';
import { TEST_STORES, type TestStore, integrityFor } from '../testing/test-stores';
import { type ExportManifest, CSV_FILE, EVENTS_FILE, MANIFEST_FILE, PROOFS_FILE } from './export-manifest';
import { verifyExport } from './export-verifier';
import { PERSONAL_DATA_WITHHELD } from './trail-csv';
import { ExportError, eventLine, exportTrail } from './trail-exporter';
import { TrailFilterError } from './export-filter';

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as ExportManifest;
const ndjson = <T>(file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

describe.each(TEST_STORES.map((kind) => [kind.name, kind] as const))('exports on %s', (_name, kind) => {
  let opened: TestStore;
  let integrity: LedgerIntegrity;
  let count: number;
  let events: RecordedEvent[];
  const out = (name: string) => join(opened.directory, 'exports', name);

  beforeAll(async () => {
    opened = await kind.open();
    integrity = integrityFor(opened.store, opened.directory);
    await recordSampleLedger(opened.store, 2);
    await integrity.checkpoint();
    count = 2 + (await recordSampleLedger(opened.store, 6));
    events = [];
    for await (const event of opened.store.readAll()) events.push(event);
  });
  afterAll(async () => {
    integrity.close();
    await opened.close();
  });

  describe('when every event is exported', () => {
    let dir: string;
    beforeAll(async () => {
      dir = (await exportTrail(integrity, out('all'), { filter: {} })).directory;
    });

    it('round-trips: verify-export accepts it with the public key', async () => {
      const result = await verifyExport(dir, { verifiers: integrity.localVerifiers() });
      expect(result).toMatchObject({ ok: true, failures: [], eventCount: events.length });
      expect(result.checkpoint?.treeSize).toBe(events.length);
    });

    it('writes each stored event canonically with its leaf index and hash, in global order', () => {
      const lines = readFileSync(join(dir, EVENTS_FILE), 'utf8').split('\n').filter(Boolean);
      expect(lines).toHaveLength(events.length);
      lines.forEach((line, leafIndex) => {
        const expected = leafEventOf(events[leafIndex]);
        expect(line).toBe(
          canonicalJson({
            leafIndex,
            leafHash: hashLeafText(canonicalJson(expected)).toString('base64'),
            event: expected,
          }),
        );
      });
    });

    it("writes each event's RFC 9162 inclusion proof canonically, line for line", () => {
      const lines = readFileSync(join(dir, PROOFS_FILE), 'utf8').split('\n').filter(Boolean);
      expect(lines).toHaveLength(events.length);
      const treeSize = events.length;
      lines.forEach((line, leafIndex) => {
        const proof = inclusionProof(integrity.index, leafIndex, treeSize).map((hash) => hash.toString('base64'));
        expect(line).toBe(canonicalJson({ leafIndex, treeSize, inclusionProof: proof }));
      });
    });

    it('signs a checkpoint for the export and proves it extends the previous one', () => {
      const manifest = readManifest(dir);
      expect(manifest.checkpoint).toMatchObject({ id: 2, treeSize: events.length });
      expect(manifest.consistency?.from).toMatchObject({ id: 1, treeSize: events.length - count + 2 });
      expect(manifest.consistency?.proof.length).toBeGreaterThan(0);
      expect(manifest.files.map((file) => file.name)).toEqual([EVENTS_FILE, PROOFS_FILE, CSV_FILE]);
      expect(manifest.verifierKey).toBe(integrity.localVerifiers()[0].verifierKey);
    });

    it('writes a CSV for reading with the personal data withheld, sealed or not', () => {
      const csv = readFileSync(join(dir, CSV_FILE), 'utf8');
      expect(csv.startsWith('\uFEFFleafIndex,position,eventId,type,streamId')).toBe(true);
      expect(csv.split('\r\n').filter(Boolean)).toHaveLength(events.length + 1);
      expect(csv).toContain(PERSONAL_DATA_WITHHELD);
      expect(csv).not.toMatch(/sealed|ciphertext|A256GCM|subject-\d/);
      expect(csv).toContain('许可ZA-001');
    });

    it('names the key of the export itself when verified without one, and says so', async () => {
      const result = await verifyExport(dir);
      expect(result.ok).toBe(true);
      expect(result.notes.join('\n')).toMatch(/no public key given: checked with the key named in the export itself/);
    });
  });

  describe('when filtered', () => {
    const exported = async (name: string, filter: Parameters<typeof exportTrail>[2]['filter']) => {
      const { directory } = await exportTrail(integrity, out(name), { filter });
      expect((await verifyExport(directory, { verifiers: integrity.localVerifiers() })).failures).toEqual([]);
      return ndjson<{ leafIndex: number; event: RecordedEvent }>(join(directory, EVENTS_FILE)).map(
        (line) => line.event,
      );
    };

    it('by application: its stream, and the inspection and complaint naming it', async () => {
      const trail = await exported('application', { application: 'A-1' });
      expect(trail.map((event) => event.type)).toEqual([
        'ApplicationFiled.v1',
        'ApplicationAccepted.v1',
        'DecisionMade.v1',
        'ComplaintLogged.v1',
        'ApplicationFiled.v1',
        'ApplicationAccepted.v1',
        'DecisionMade.v1',
        'ComplaintLogged.v1',
      ]);
      expect(
        (await exported('application-in-list', { application: 'A-2', types: ['InspectionPerformed.v1'] })).map(
          (event) => event.streamId,
        ),
      ).toEqual(['inspection-I-1', 'inspection-I-1']);
    });

    it('by item: the item and every event of its applications, though later ones do not name it', async () => {
      const trail = await exported('item', { item: 'CRJ-001' });
      const streams = new Set(trail.map((event) => event.streamId));
      expect([...streams].sort()).toEqual([
        'application-A-1',
        'application-A-3',
        'application-A-5',
        'complaint-C-1',
        'item-jiangmen-psb.CRJ-001',
      ]);
      expect(trail.filter((event) => event.type === 'DecisionMade.v1').length).toBe(1 + 3);
    });

    it('by department, agency, event type and business-time period', async () => {
      const department = await exported('department', { department: '出入境', types: ['DecisionMade.v1'] });
      expect(
        department.every((event) => ['application-A-1', 'application-A-3', 'application-A-5'].includes(event.streamId)),
      ).toBe(true);
      const agency = await exported('agency', { agency: 'kaiping-psb' });
      expect(new Set(agency.map((event) => event.streamId))).toEqual(new Set(['application-A-1', 'application-A-5']));
      const period = await exported('period', { from: '2021-04-01T00:00:00+08:00', to: '2021-05-01T00:00:00+08:00' });
      expect(period.length).toBe(2 + 6);
      expect(period.every((event) => event.type === 'DecisionMade.v1')).toBe(true);
      expect(await exported('nothing', { types: ['NoSuchEvent.v1'] })).toEqual([]);
    });

    it('refuses malformed filters before writing anything', async () => {
      await expect(exportTrail(integrity, out('bad-from'), { filter: { from: '2021-04-01' } })).rejects.toThrow(
        TrailFilterError,
      );
      await expect(
        exportTrail(integrity, out('bad-range'), {
          filter: { from: '2021-05-01T00:00:00Z', to: '2021-04-01T00:00:00Z' },
        }),
      ).rejects.toThrow(/before/);
      expect(existsSync(out('bad-from'))).toBe(false);
    });
  });

  describe('when the export goes wrong', () => {
    it('refuses an existing directory', async () => {
      mkdirSync(out('existing'), { recursive: true });
      await expect(exportTrail(integrity, out('existing'), { filter: {} })).rejects.toThrow(ExportError);
    });

    it('refuses an event changed after signing, naming its leaf, and leaves nothing behind', async () => {
      const view = Object.assign(Object.create(Object.getPrototypeOf(integrity)), integrity, {
        store: alteredAt(opened.store, 7),
      }) as LedgerIntegrity;
      const exporting = exportTrail(view, out('altered'), { filter: {} });
      await expect(exporting).rejects.toThrow(ExportError);
      await expect(exporting).rejects.toThrow(
        /the event at leaf 7 .* does not match checkpoint #\d+: the proof leads to root/,
      );
      expect(readdirSync(join(opened.directory, 'exports')).filter((name) => name.includes('altered'))).toEqual([]);
    });

    it('leaves no directory behind when interrupted, complete-looking or not', async () => {
      const failing = failAfter(opened.store, 5);
      const view = Object.assign(Object.create(Object.getPrototypeOf(integrity)), integrity, {
        store: failing,
      }) as LedgerIntegrity;
      await expect(exportTrail(view, out('interrupted'), { filter: {} })).rejects.toThrow(/connection lost/);
      expect(existsSync(out('interrupted'))).toBe(false);
      expect(readdirSync(join(opened.directory, 'exports')).filter((name) => name.includes('interrupted'))).toEqual([]);
    });
  });
});

/** A store that returns the event at `leafIndex` with one more data member than was recorded. */
function alteredAt(store: EventStore, leafIndex: number): EventStore {
  return new Proxy(store, {
    get(target, name) {
      if (name !== 'readAll') {
        const value = Reflect.get(target, name, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async function* (options?: Parameters<EventStore['readAll']>[0]) {
        let read = 0;
        for await (const event of target.readAll(options))
          yield read++ === leafIndex ? { ...event, data: { ...(event.data as object), altered: true } } : event;
      };
    },
  });
}

/** A store whose reads fail after `count` events, as when the connection to KurrentDB drops. */
function failAfter(store: EventStore, count: number): EventStore {
  return new Proxy(store, {
    get(target, name) {
      if (name !== 'readAll') {
        const value = Reflect.get(target, name, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async function* (options?: Parameters<EventStore['readAll']>[0]) {
        let read = 0;
        for await (const event of target.readAll(options)) {
          if (read++ === count) throw new Error('connection lost');
          yield event;
        }
      };
    },
  });
}

describe('verify-export on a damaged or forged export', () => {
  let opened: TestStore;
  let integrity: LedgerIntegrity;
  let other: TestStore;
  let otherIntegrity: LedgerIntegrity;
  let pristine: string;
  let otherTree: string;
  let n = 0;

  beforeAll(async () => {
    opened = await TEST_STORES[0].open();
    integrity = integrityFor(opened.store, opened.directory);
    await recordSampleLedger(opened.store, 3);
    pristine = (await exportTrail(integrity, join(opened.directory, 'pristine'), { filter: {} })).directory;
    // Another ledger with as many events, so its proofs have the same shape but another root.
    other = await TEST_STORES[0].open();
    otherIntegrity = integrityFor(other.store, other.directory);
    await recordSampleLedger(other.store, 3);
    otherTree = (await exportTrail(otherIntegrity, join(other.directory, 'other'), { filter: {} })).directory;
  });
  afterAll(async () => {
    integrity.close();
    otherIntegrity.close();
    await opened.close();
    await other.close();
  });

  /** A copy of the pristine export to damage. */
  function copy(): string {
    const dir = join(opened.directory, `damaged-${n++}`);
    mkdirSync(dir);
    for (const name of readdirSync(pristine)) writeFileSync(join(dir, name), readFileSync(join(pristine, name)));
    return dir;
  }
  const check = (dir: string, verifiers = integrity.localVerifiers()) => verifyExport(dir, { verifiers });
  /** Rewrites the manifest's record of a file so that only the content checks can catch what changed. */
  function rehash(dir: string, name: string): void {
    const manifest = readManifest(dir);
    const bytes = readFileSync(join(dir, name));
    const files = manifest.files.map((file) =>
      file.name === name
        ? {
            ...file,
            bytes: bytes.length,
            sha256: require('node:crypto').createHash('sha256').update(bytes).digest('hex'),
          }
        : file,
    );
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, files }));
  }

  it('accepts the pristine export', async () => {
    expect((await check(pristine)).failures).toEqual([]);
  });

  it('names a truncated events.ndjson: size, missing line end and line count', async () => {
    const dir = copy();
    const path = join(dir, EVENTS_FILE);
    truncateSync(path, readFileSync(path).length - 25);
    const { ok, failures } = await check(dir);
    expect(ok).toBe(false);
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^events\.ndjson: \d+ bytes, but the manifest says \d+ \(shorter: truncated or edited\)$/,
        ),
        'events.ndjson: the last line has no line end: the file is truncated',
        expect.stringMatching(/^events\.ndjson line \d+: not valid JSON/),
      ]),
    );
  });

  it('names an edited line, and one whose hashes were forged to match', async () => {
    const dir = copy();
    const path = join(dir, EVENTS_FILE);
    const lines = readFileSync(path, 'utf8').split('\n');
    const target = lines.findIndex((line) => line.includes('DecisionMade.v1'));
    lines[target] = lines[target].replace('"granted"', '"denied"');
    writeFileSync(path, lines.join('\n'));
    const edited = await check(dir);
    expect(edited.failures).toEqual([
      expect.stringMatching(/^events\.ndjson: \d+ bytes, but the manifest says \d+ \(shorter: truncated or edited\)$/),
      expect.stringMatching(
        new RegExp(
          `^events\\.ndjson line ${target + 1} \\(leaf ${target}, stream application-A-\\d\\): the event does not hash to the line's leafHash: the event \\(or the hash\\) was edited$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^proofs\\.ndjson line ${target + 1} \\(leaf ${target}, stream application-A-\\d\\): the inclusion proof does not lead to the signed root`,
        ),
      ),
    ]);

    const line = JSON.parse(lines[target]) as { leafIndex: number; leafHash: string; event: unknown };
    lines[target] = canonicalJson({ ...line, leafHash: hashLeafText(canonicalJson(line.event)).toString('base64') });
    writeFileSync(path, lines.join('\n'));
    rehash(dir, EVENTS_FILE);
    const forged = await check(dir);
    expect(forged.failures).toEqual([
      expect.stringMatching(
        new RegExp(
          `^proofs\\.ndjson line ${target + 1} \\(leaf ${target}, stream application-A-\\d\\): the inclusion proof does not lead to the signed root of tree size \\d+`,
        ),
      ),
    ]);
  });

  it('names a wrong public key', async () => {
    const stranger = parseVerifierKey(generateSignerKey('ledger.test-psb/events').verifierKey);
    const { failures } = await check(pristine, [stranger]);
    expect(failures[0]).toMatch(
      /^the checkpoint \(tree size \d+\) is not validly signed by the public key \(ledger\.test-psb\/events\+[0-9a-f]{8}\): the note is not signed by a trusted key/,
    );
  });

  it("names proofs for another tree: another ledger's, of the same shape", async () => {
    const dir = copy();
    writeFileSync(join(dir, PROOFS_FILE), readFileSync(join(otherTree, PROOFS_FILE)));
    rehash(dir, PROOFS_FILE);
    const { failures } = await check(dir);
    expect(failures.length).toBeGreaterThan(1);
    expect(failures[0]).toMatch(
      /^proofs\.ndjson line 1 \(leaf 0, stream item-jiangmen-psb\.ZA-001\): the inclusion proof does not lead to the signed root of tree size \d+: the proof leads to root/,
    );
  });

  it('names proofs for a tree of another size', async () => {
    const dir = copy();
    const path = join(dir, PROOFS_FILE);
    const lines = ndjson<{ leafIndex: number; treeSize: number; inclusionProof: string[] }>(path);
    writeFileSync(
      path,
      lines
        .map((line, index) => canonicalJson(index === 2 ? { ...line, treeSize: line.treeSize + 1 } : line))
        .join('\n') + '\n',
    );
    rehash(dir, PROOFS_FILE);
    expect((await check(dir)).failures).toEqual([
      expect.stringMatching(
        /^proofs\.ndjson line 3 \(leaf 2\): the proof is for a tree of \d+ leaves, but the signed checkpoint has \d+: a proof for another tree$/,
      ),
    ]);
  });

  it('names a checkpoint whose note was altered', async () => {
    const dir = copy();
    const manifest = readManifest(dir);
    const note = manifest.checkpoint.note.replace(/\n(\d+)\n/, (_m, size: string) => `\n${Number(size) - 1}\n`);
    writeFileSync(
      join(dir, MANIFEST_FILE),
      JSON.stringify({
        ...manifest,
        checkpoint: { ...manifest.checkpoint, note, treeSize: manifest.checkpoint.treeSize - 1 },
      }),
    );
    expect((await check(dir)).failures[0]).toMatch(
      /^the checkpoint \(tree size \d+\) is not validly signed by the public key .*does not verify: the note was altered/,
    );
  });

  it('names a missing manifest, a truncated one, and a missing file', async () => {
    const missing = copy();
    rmSync(join(missing, MANIFEST_FILE));
    expect((await check(missing)).failures).toEqual([
      'manifest.json is missing: this is not a complete export (an interrupted export leaves no manifest)',
    ]);
    const truncated = copy();
    truncateSync(join(truncated, MANIFEST_FILE), 100);
    expect((await check(truncated)).failures[0]).toMatch(/^manifest\.json is not valid JSON \(truncated or edited\?\)/);
    const noCsv = copy();
    rmSync(join(noCsv, CSV_FILE));
    expect((await check(noCsv)).failures).toEqual(['events.csv is missing']);
  });

  it('names lines that were reordered', async () => {
    const dir = copy();
    for (const name of [EVENTS_FILE, PROOFS_FILE]) {
      const lines = readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean);
      [lines[1], lines[2]] = [lines[2], lines[1]];
      writeFileSync(join(dir, name), lines.join('\n') + '\n');
      rehash(dir, name);
    }
    expect((await check(dir)).failures).toEqual([
      expect.stringMatching(/^events\.ndjson line 3 \(leaf 1, .*leaf indexes must grow line by line/),
    ]);
  });
});

describe('an export of an empty ledger', () => {
  it('holds no events, and verifies', async () => {
    const opened = await TEST_STORES[0].open();
    const integrity = integrityFor(opened.store, opened.directory);
    try {
      const { directory, manifest } = await exportTrail(integrity, join(opened.directory, 'empty'), { filter: {} });
      expect(manifest).toMatchObject({ eventCount: 0, checkpoint: { treeSize: 0 }, consistency: null });
      expect(await verifyExport(directory, { verifiers: integrity.localVerifiers() })).toMatchObject({
        ok: true,
        eventCount: 0,
      });
    } finally {
      integrity.close();
      await opened.close();
    }
  });
});

describe('the line of events.ndjson', () => {
  it('is the canonical JSON of the leaf index, leaf hash and event, or its fallback for a lone surrogate', () => {
    const events = [
      {
        eventId: 'e1',
        type: 'Noted.v1',
        streamId: 's-1',
        revision: 0,
        data: { text: '江门 "quoted"\n' },
        metadata: {},
      },
      { eventId: 'e2', type: 'Noted.v1', streamId: 's-1', revision: 1, data: { text: 'lone \ud800' }, metadata: {} },
    ];
    for (const [leafIndex, event] of events.entries()) {
      const leaf = canonicalJsonOrFallback(event);
      const leafHash = hashLeafText(leaf.text);
      expect(eventLine(leafIndex, leafHash, leaf.text)).toBe(
        `${canonicalJsonOrFallback({ leafIndex, leafHash: leafHash.toString('base64'), event }).text}\n`,
      );
    }
    expect(canonicalJsonOrFallback(events[1]).fallback).toBeDefined();
  });
});
