import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { LedgerCommands, LedgerCoreModule, loadLedgerConfig } from '@ledger/ledger';
import { DemoWriter, SimulatedClock } from '/work/main/libs/demo/src/demo-writer';
import { jiangmenPlan } from '/work/main/libs/demo/src/jiangmen-plan';

async function main() {
  const scale = Number(process.argv[2] ?? 0.01);
  const concurrency = Number(process.argv[3] ?? 256);
  const dir = mkdtempSync(path.join(process.env.TMPBASE ?? tmpdir(), 'demo-bench-'));
  const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
  const clock = new SimulatedClock();
  const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir });
  @Module({ imports: [LedgerCoreModule.forRoot({ eventStore: store, clock: clock.now, config, ...(process.env.EPH ? {} : { masterKey: randomBytes(32) }) })] })
  class M {}
  const app = await NestFactory.createApplicationContext(M, { logger: ['error'] });
  const writer = new DemoWriter(app.get(LedgerCommands), clock);
  const plan = jiangmenPlan({ scale, years: process.argv[4] ? (process.argv[4].split(',').map(Number) as any) : undefined });
  let last = Date.now();
  const s = await writer.write(plan, { concurrency, onProgress: (p) => { if (Date.now() - last > 5000) { last = Date.now(); console.log(JSON.stringify(p)); } } });
  console.log(JSON.stringify({ ...s, failures: s.failures.slice(0, 5) }));
  console.log('commands/s', Math.round(s.completed / s.seconds), 'events/s', Math.round(s.recordedEvents / s.seconds), 'commitStats', store.commitStats, 'dir', dir);
  await app.close();
}
main();
