import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { loadDefaultCalendar } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { DemoPlan, DemoRunSummary, DemoWriter, SimulatedClock, jiangmenPlan } from '@ledger/demo';
import { LedgerCommands, LedgerCoreModule, loadLedgerConfig } from '@ledger/ledger';

export interface DemoLedger {
  readonly dataDir: string;
  readonly eventsFile: string;
  readonly plan: DemoPlan;
  /** The master key the personal data was sealed with: pass it to `createApi` on the same directory. */
  readonly masterKey: Buffer;
  readonly summary: DemoRunSummary;
}

/**
 * The Jiangmen demo ledger (2019 and 2020) at a reduced scale, written through the command
 * handlers into `<dataDir>/events.sqlite` by the demo writer, then closed: open it again with
 * a new `SqliteEventStore` (e.g. for `createApi`).
 */
export async function writeDemoLedger(
  dataDir: string,
  scale: number,
  masterKey: Buffer = randomBytes(32),
): Promise<DemoLedger> {
  const plan = jiangmenPlan({ scale });
  const eventsFile = path.join(dataDir, 'events.sqlite');
  const store = new SqliteEventStore(eventsFile);
  const clock = new SimulatedClock();
  const config = loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_AGENCY: plan.agency });
  const moduleRef = await Test.createTestingModule({
    imports: [LedgerCoreModule.forRoot({ eventStore: store, clock: clock.now, config, masterKey })],
  }).compile();
  await moduleRef.init();
  try {
    const summary = await new DemoWriter(moduleRef.get(LedgerCommands), clock, loadDefaultCalendar()).write(plan, {
      concurrency: 256,
    });
    if (summary.failed > 0)
      throw new Error(
        `the demo writer was refused ${summary.failed} commands: ${JSON.stringify(summary.failures.slice(0, 3))}`,
      );
    return { dataDir, eventsFile, plan, masterKey, summary };
  } finally {
    // Closing the module closes the store it was given.
    await moduleRef.close();
  }
}
