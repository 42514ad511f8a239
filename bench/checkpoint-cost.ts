/**
 * Item 5b: what signing checkpoints soon after growth costs (issue #12: the unprotected tail is
 * small). The API looks every LEDGER_CHECKPOINT_EVERY_SECONDS (default 10) and signs when the tree
 * grew; each scheduled run indexes the events recorded since the last one, recomputes the root
 * and signs (Ed25519). This child measures, on a store of the year's size (or `baseEvents`
 * synthetic events when no year is given):
 *  - a run after `growth` new events (one period's worth of commands), `rounds` times: its wall
 *    time and the share of one core it takes at the default period;
 *  - a run that finds no growth (what most periods of a quiet ledger cost);
 *  - the same growth run with one witness (in-process, over HTTP on loopback): the cosignature's
 *    round trip, consistency proof included.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type NewEvent, SqliteEventStore } from '@ledger/event-store';
import {
  LedgerIntegrity,
  Witness,
  createSigningKeyFile,
  createWitnessServer,
  initWitness,
  loadIntegrityConfig,
  parseWitnessEndpoints,
} from '@ledger/integrity';
import { childArgs, profiled, runChild } from './lib/child-result';
import { benchConfig, eventFileOf } from './lib/ledger-context';
import { msSince } from './lib/stats';

interface Args {
  /** A data directory holding a store (the bench's year); omitted: a synthetic store of `baseEvents`. */
  readonly dataDir?: string;
  readonly baseEvents?: number;
  /** Events recorded between two scheduled runs. */
  readonly growth: number;
  readonly rounds: number;
  readonly periodSeconds?: number;
}

export interface CheckpointCostResult {
  readonly treeSize: number;
  readonly growth: number;
  readonly periodSeconds: number;
  /** Wall time of one scheduled run after `growth` events, ms: median and worst of the rounds. */
  readonly grownMs: { readonly median: number; readonly max: number };
  /** Of one core, at the period: median run time / period. */
  readonly coreShare: number;
  /** A run that finds no growth, ms (median). */
  readonly idleMs: number;
  /** A growth run that also asks one witness for its cosignature, ms (median). */
  readonly witnessedMs: number;
}

const tick = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'BenchCheckpointTick.v1',
  data: { n },
  metadata: { agency: 'bench', actor: 'bench', ledgerTime: new Date(0).toISOString() },
});

async function grow(store: SqliteEventStore, count: number): Promise<void> {
  for (let offset = 0; offset < count; offset += 500)
    await store.appendToStream(
      `bench-tick-${randomUUID()}`,
      Array.from({ length: Math.min(500, count - offset) }, (_, n) => tick(n)),
    );
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return msSince(started);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

runChild(async () => {
  const args = childArgs<Args>();
  const scratch = mkdtempSync(path.join(tmpdir(), 'checkpoint-cost-'));
  const dataDir = args.dataDir ?? scratch;
  const integrityConfig = loadIntegrityConfig(benchConfig(dataDir), {});
  createSigningKeyFile(integrityConfig.signingKeyFile, integrityConfig.verifierKeyFile, integrityConfig.origin);
  const store = new SqliteEventStore(eventFileOf(dataDir));
  const witnessDir = path.join(scratch, 'witness');
  const plain = new LedgerIntegrity(store, integrityConfig);
  let witness: Witness | undefined;
  let server: ReturnType<typeof createWitnessServer> | undefined;
  try {
    if (!args.dataDir) await grow(store, args.baseEvents ?? 100_000);
    await plain.checkpoint();
    const grown: number[] = [];
    const idle: number[] = [];
    await profiled(async () => {
      for (let round = 0; round < args.rounds; round++) {
        await grow(store, args.growth);
        grown.push(await timed(() => plain.checkpoint()));
        idle.push(await timed(() => plain.checkpoint()));
      }
    });
    plain.close();

    const { verifierKey } = initWitness(witnessDir, 'bench.witness/w1', [plain.localVerifiers()[0].verifierKey]);
    witness = Witness.open(witnessDir);
    server = createWitnessServer(witness);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const witnessed = new LedgerIntegrity(store, {
      ...integrityConfig,
      witnesses: parseWitnessEndpoints(`${url} ${verifierKey}`),
    });
    // The witness's first cosignature (from size 0) is not what a period costs; the later ones are.
    await witnessed.checkpoint({ force: true });
    const cosigned: number[] = [];
    for (let round = 0; round < args.rounds; round++) {
      await grow(store, args.growth);
      cosigned.push(
        await timed(async () => {
          const outcome = await witnessed.checkpoint();
          if (!outcome.witnesses.every((w) => w.cosigned))
            throw new Error(`witness refused: ${JSON.stringify(outcome.witnesses)}`);
        }),
      );
    }
    const treeSize = witnessed.index.size();
    witnessed.close();
    const periodSeconds = args.periodSeconds ?? 10;
    const result: CheckpointCostResult = {
      treeSize,
      growth: args.growth,
      periodSeconds,
      grownMs: { median: median(grown), max: Math.max(...grown) },
      coreShare: median(grown) / (periodSeconds * 1000),
      idleMs: median(idle),
      witnessedMs: median(cosigned),
    };
    return result;
  } finally {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    witness?.close();
    await store.close();
    rmSync(scratch, { recursive: true, force: true });
  }
});
