import { Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { EVENT_STORE, type EventStore, hasPositionFloor, positionToString } from '@ledger/event-store';
import { CLOCK, type Clock, LEDGER_CONFIG, type LedgerConfig, freeTextProblem } from '@ledger/ledger';
import {
  type ContinuityReport,
  LedgerIntegrity,
  checkConfiguredStore,
  describeContinuityRefusal,
  storeNameOf,
} from '@ledger/integrity';
import { YearlyFiguresService } from '@ledger/projections';
import { toStoredEvent } from '@ledger/kernel';
import { cliOperator } from './cli-operator';

/** The stream of accepted losses: one event per `ledger recover --accept-loss`. */
export const RECOVERY_STREAM = 'ledger-recovery';
export const LOSS_ACCEPTED = 'EventLossAccepted.v1';

@Command({
  name: 'recover',
  description:
    'When start-up is refused because the event store lost events acknowledged before (a restored copy, a deleted -wal or events file): ' +
    'without --accept-loss, show what is missing; with --accept-loss --reason "…", record the loss in the ledger (an EventLossAccepted.v1 event ' +
    'placed after every position ever acknowledged, so none is handed out again), set the integrity index aside (its checkpoints stay in a file ' +
    'beside it and in the event) and rebuild the read models, so the ledger starts again.',
})
export class RecoverCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly integrity: LedgerIntegrity,
    private readonly figures: YearlyFiguresService,
  ) {
    super();
  }

  async run(_args: string[], flags: { acceptLoss?: boolean; reason?: string }): Promise<void> {
    const report = await checkConfiguredStore(this.config, this.store);
    if (report.findings.length === 0) {
      console.error(
        'recover: the event store holds every event acknowledged before; nothing to recover, nothing recorded',
      );
      return;
    }
    console.error(describeContinuityRefusal(report, storeNameOf(this.config)));
    if (!flags.acceptLoss) {
      console.error('recover: nothing recorded (to go on without the missing events: --accept-loss --reason "…")');
      process.exitCode = 1;
      return;
    }
    const reason = flags.reason ?? '';
    const problem = reason.trim() === '' ? 'is required: say why the loss is accepted' : freeTextProblem(reason);
    if (problem) {
      console.error(`ledger recover: --reason ${problem}`);
      process.exitCode = 1;
      return;
    }
    const recorded = await this.recordLoss(report, reason);
    console.error(`recover: recorded ${LOSS_ACCEPTED} ${recorded.eventId} at position ${recorded.position}`);
    const setAside = this.setIndexAside(report);
    if (setAside)
      console.error(
        `recover: integrity index set aside as ${setAside} (its signed checkpoints are kept there); the next checkpoint starts a new tree`,
      );
    const rebuilt = await this.figures.rebuild('yearly-figures', undefined);
    console.error(`recover: read model ${rebuilt.projection} rebuilt from ${rebuilt.eventsApplied} events`);
    const after = await checkConfiguredStore(this.config, this.store);
    if (after.findings.length > 0) {
      console.error(
        `ledger recover: still inconsistent:\n${describeContinuityRefusal(after, storeNameOf(this.config))}`,
      );
      process.exitCode = 1;
      return;
    }
    console.error('recover: the ledger starts again');
  }

  /**
   * The loss goes into the ledger itself, with what was lost and the latest signed checkpoint,
   * after the highest position anyone acknowledged: later events never reuse a lost position.
   */
  private async recordLoss(report: ContinuityReport, reason: string): Promise<{ eventId: string; position: string }> {
    const operator = cliOperator();
    const latest = existsSync(this.integrity.config.indexPath) ? this.integrity.latestCheckpoint() : undefined;
    const now = new Date(this.clock()).toISOString();
    const eventId = randomUUID();
    const event = toStoredEvent(
      {
        type: LOSS_ACCEPTED,
        at: now,
        data: {
          reason,
          osUser: operator.osUser,
          storeHead: report.storeHead ? positionToString(report.storeHead) : null,
          highWater: report.highWater ? positionToString(report.highWater) : null,
          findings: report.findings.map(({ code, source, expected, actual }) => ({ code, source, expected, actual })),
          latestCheckpoint: latest
            ? {
                id: latest.id,
                treeSize: latest.treeSize,
                rootHash: latest.rootHash.toString('base64'),
                signedAt: latest.signedAt,
                note: latest.note,
              }
            : null,
        },
      },
      eventId,
      {
        agency: this.config.defaultAgency,
        actor: operator.actor,
        principal: operator.principal,
        ledgerTime: now,
        correlationId: eventId,
        causationId: eventId,
      },
    );
    const result =
      report.highWater && hasPositionFloor(this.store)
        ? await this.store.appendAfterPosition(report.highWater, RECOVERY_STREAM, [event])
        : await this.store.appendToStream(RECOVERY_STREAM, [event]);
    return { eventId, position: positionToString(result.position) };
  }

  /** Renames the index (and its -wal, -shm) when it no longer describes this store; returns the new name. */
  private setIndexAside(report: ContinuityReport): string | undefined {
    if (!report.findings.some((finding) => finding.source === 'integrity-index')) return undefined;
    this.integrity.close();
    const file = this.integrity.config.indexPath;
    const aside = `${file}.lost-${new Date(this.clock()).toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    return aside;
  }

  @Option({
    flags: '--accept-loss',
    description: 'record the loss and let the ledger start without the missing events',
  })
  parseAcceptLoss(): boolean {
    return true;
  }

  @Option({
    flags: '--reason <text>',
    description: 'why the loss is accepted (stored in the ledger with your OS user)',
  })
  parseReason(value: string): string {
    return value;
  }
}
