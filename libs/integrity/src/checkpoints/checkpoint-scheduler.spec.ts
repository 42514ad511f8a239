import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { LedgerMetrics } from '@ledger/ledger/metrics/ledger-metrics';
import { recordSampleLedger } from '../testing/sample-ledger';
import { integrityFor } from '../testing/test-stores';
import { generateWitnessKey } from '../witness/cosignature';
import { parseWitnessEndpoints } from '../witness/witness-client';
import { CheckpointScheduler } from './checkpoint-scheduler';

describe('CheckpointScheduler with a witness that refuses', () => {
  let directory: string;
  let store: SqliteEventStore;
  let refusing: ReturnType<typeof createServer>;
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'scheduler-witness-'));
    store = new SqliteEventStore(join(directory, 'events.sqlite'));
    // Answers like a witness that does not know this log (C2SP tlog-witness: 404 for an unknown origin).
    refusing = createServer((_request, response) => response.writeHead(404).end('unknown log origin\n'));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    await new Promise((resolve) => refusing.close(resolve));
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('still signs, stays healthy and counts every refused cosignature by witness', async () => {
    const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
    const witnesses = parseWitnessEndpoints(`${url} ${generateWitnessKey('witness.test/w1').verifierKey}`);
    const integrity = integrityFor(store, directory, { witnesses });
    const metrics = new LedgerMetrics();
    const scheduler = new CheckpointScheduler(integrity, { enabled: false }, metrics);
    await recordSampleLedger(store, 1);
    await scheduler.tick();
    await scheduler.tick();
    expect(integrity.index.checkpointCount()).toBe(1);
    expect(scheduler.health()).toMatchObject({ healthy: true, consecutiveFailures: 0 });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      new RegExp(
        `ledger_witness_cosignatures_total\\{witness="witness\\.test/w1\\+[0-9a-f]{8} \\(${url.replace(/[.:/]/g, '\\$&')}\\)",outcome="failed"\\} 2`,
      ),
    );
    integrity.close();
  });
});
