import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { EventStore } from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerConfig, compareStores, migrateStore, openEventStore } from '@ledger/ledger';

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

@Command({
  name: 'migrate-store',
  description:
    'Copy every event from one event store to another (e.g. the embedded SQLite file to KurrentDB, or back), preserving order, ids, ' +
    'metadata and timestamps; resumable; verified by comparing counts and a digest of both sides. Stop the API while it runs.',
})
export class MigrateStoreCommand extends CommandRunner {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    super();
  }

  async run(_args: string[], flags: { from?: string; to?: string; verifyOnly?: boolean }): Promise<void> {
    if (!flags.to) {
      console.error(
        'ledger migrate-store: --to <store url> is required (kurrentdb://host:2113?tls=false or sqlite:<file>)',
      );
      process.exitCode = 1;
      return;
    }
    const fromUrl = flags.from ?? this.config.eventStoreUrl;
    let source: EventStore | undefined;
    let target: EventStore | undefined;
    try {
      source = await openEventStore(fromUrl);
      target = await openEventStore(flags.to);
      console.error(`migrate-store: ${redact(fromUrl)} → ${redact(flags.to)}`);
      const began = Date.now();
      const verification = flags.verifyOnly
        ? await compareStores(source, target)
        : await migrateStore(source, target, (p) => {
            if ((p.copied + p.skipped) % 10_000 < 500)
              process.stderr.write(`  ${p.copied} copied, ${p.skipped} already there\r`);
          }).then((r) => {
            console.log(
              `copied ${r.copied} events (${r.skipped} were already in the target) in ${((Date.now() - began) / 1000).toFixed(1)} s`,
            );
            return r.verification;
          });
      console.log(`source: ${verification.sourceEvents} events, digest ${verification.sourceDigest}`);
      console.log(`target: ${verification.targetEvents} events, digest ${verification.targetDigest}`);
      if (!verification.identical) {
        console.error('migrate-store: the stores DIFFER (count or digest); do not switch EVENT_STORE_URL');
        process.exitCode = 1;
      } else console.log('verified: both stores hold the same events in the same order');
    } catch (error) {
      console.error(`ledger migrate-store: ${(error as Error).message}`);
      process.exitCode = 1;
    } finally {
      await source?.close();
      await target?.close();
    }
  }

  @Option({ flags: '--from <url>', description: 'source store (default: EVENT_STORE_URL)' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <url>', description: 'target store, e.g. kurrentdb://127.0.0.1:2113?tls=false' })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--verify-only', description: 'only compare the two stores' })
  parseVerifyOnly(): boolean {
    return true;
  }
}
