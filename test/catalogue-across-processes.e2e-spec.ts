import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { LedgerCommands, LedgerCoreModule, createMasterKeyFile, loadLedgerConfig } from '@ledger/ledger';
import { applicationBody, itemBody } from './fixtures/e2e-api';

/**
 * Two ledger processes on one data directory (two applications, each with its own store
 * connection and caches): a filing in one decides on the item as recorded, whichever process
 * amended or retired it, and a record the other filed meanwhile is not filed again.
 */
describe('the catalogue and new records, written by two processes on one data directory', () => {
  const now = Date.parse('2021-07-01T12:00:00+08:00');
  let directory: string;
  let ours: INestApplicationContext;
  let theirs: INestApplicationContext;
  const open = async () => {
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: directory, LEDGER_AGENCY: 'kaiping-psb', LOG_LEVEL: 'warn' });
    const store = new SqliteEventStore(join(directory, 'events.sqlite'));
    return NestFactory.createApplicationContext(
      LedgerCoreModule.forRoot({ config, eventStore: store, clock: () => now }),
      {
        logger: ['error', 'warn'],
      },
    );
  };
  const run = (app: INestApplicationContext, line: Record<string, unknown>) =>
    app.get(LedgerCommands).runPlain(line, { defaultActor: 'clerk-1' });
  const file = (app: INestApplicationContext, applicationId: string) =>
    run(app, { command: 'file-application', ...applicationBody(applicationId, 'ZA-1') });

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-two-processes-'));
    createMasterKeyFile(join(directory, 'master.key'));
    ours = await open();
    theirs = await open();
    await run(ours, { command: 'register-item', ...itemBody('ZA-1', { promisedDays: 5 }) });
    await expect(file(ours, 'app-1')).resolves.toMatchObject({ revision: 0 });
  });
  afterEach(async () => {
    await ours.close();
    await theirs.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('files under the time limit another process amended the item to', async () => {
    await run(theirs, {
      command: 'amend-item',
      code: 'ZA-1',
      promisedDays: 3,
      effectiveFrom: '2021-02-01T00:00:00+08:00',
    });
    const { streamId } = await file(ours, 'app-2');
    const filed = [];
    const events = new SqliteEventStore(join(directory, 'events.sqlite'));
    try {
      for await (const event of events.readStream(streamId)) filed.push(event.data);
    } finally {
      await events.close();
    }
    expect(filed).toEqual([expect.objectContaining({ promisedDays: 3 })]);
  });

  it('refuses a filing after another process retired the item', async () => {
    await run(theirs, {
      command: 'retire-item',
      code: 'ZA-1',
      effectiveFrom: '2021-02-01T00:00:00+08:00',
      reason: '国务院决定取消',
    });
    await expect(file(ours, 'app-2')).rejects.toMatchObject({ code: 'ITEM.NOT_IN_FORCE' });
  });

  it('refuses to file again a record another process filed after this one found it new', async () => {
    // Found new here, and refused here for its item: nothing recorded, so still new.
    await expect(
      run(ours, { command: 'file-application', ...applicationBody('app-3', 'ZA-404') }),
    ).rejects.toMatchObject({ kind: 'not-found' });
    await expect(file(theirs, 'app-3')).resolves.toMatchObject({ revision: 0 });
    await expect(file(ours, 'app-3')).rejects.toMatchObject({ code: 'APPLICATION.ALREADY_FILED' });
  });
});
