import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  DecisionContext,
  IndicatorState,
  appealDecider,
  complaintDecider,
  contextAt,
  indicatorDecider,
  indicatorStreamId,
  inspectionDecider,
  rectificationDecider,
} from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CommandExecutor } from '../recording/command-executor';
import { CommandResult } from '../recording/command-metadata';
import { AgencyRecords } from '../tenancy/agency-records';
import {
  IndicatorReport,
  RecordAppealFact,
  RecordComplaintFact,
  RecordIndicatorFact,
  RecordInspectionFact,
  RecordRectificationFact,
} from './supervision.messages';

/** Thin handlers: each names its stream and decider; the executor does load → decide → append. */
abstract class SingleStreamHandler {
  constructor(
    protected readonly executor: CommandExecutor,
    @Inject(LEDGER_CONFIG) protected readonly config: LedgerConfig,
    protected readonly records: AgencyRecords,
  ) {}
  protected context = (now: number) => contextAt(now, this.config.timeZone);
}

@CommandHandler(RecordInspectionFact)
export class RecordInspectionFactHandler
  extends SingleStreamHandler
  implements ICommandHandler<RecordInspectionFact, CommandResult>
{
  async execute({ command, metadata }: RecordInspectionFact) {
    const { streamId, emptyWhenLocated } = await this.records.locate(
      'inspection',
      metadata.agency,
      command.inspectionId,
    );
    return this.executor.execute({
      streamId,
      emptyWhenLocated,
      id: command.inspectionId,
      decider: inspectionDecider,
      command,
      context: this.context,
      metadata,
    });
  }
}

@CommandHandler(RecordRectificationFact)
export class RecordRectificationFactHandler
  extends SingleStreamHandler
  implements ICommandHandler<RecordRectificationFact, CommandResult>
{
  async execute({ command, metadata }: RecordRectificationFact) {
    const { streamId, emptyWhenLocated } = await this.records.locate(
      'rectification',
      metadata.agency,
      command.rectificationId,
    );
    return this.executor.execute({
      streamId,
      emptyWhenLocated,
      id: command.rectificationId,
      decider: rectificationDecider,
      command,
      context: this.context,
      metadata,
    });
  }
}

@CommandHandler(RecordComplaintFact)
export class RecordComplaintFactHandler
  extends SingleStreamHandler
  implements ICommandHandler<RecordComplaintFact, CommandResult>
{
  async execute({ command, metadata }: RecordComplaintFact) {
    const { streamId, emptyWhenLocated } = await this.records.locate('complaint', metadata.agency, command.complaintId);
    return this.executor.execute({
      streamId,
      emptyWhenLocated,
      id: command.complaintId,
      decider: complaintDecider,
      command,
      context: this.context,
      metadata,
    });
  }
}

@CommandHandler(RecordAppealFact)
export class RecordAppealFactHandler
  extends SingleStreamHandler
  implements ICommandHandler<RecordAppealFact, CommandResult>
{
  async execute({ command, metadata }: RecordAppealFact) {
    const { streamId, emptyWhenLocated } = await this.records.locate('appeal', metadata.agency, command.appealId);
    return this.executor.execute({
      streamId,
      emptyWhenLocated,
      id: command.appealId,
      decider: appealDecider,
      command,
      context: this.context,
      metadata,
    });
  }
}

@CommandHandler(RecordIndicatorFact)
export class RecordIndicatorFactHandler
  extends SingleStreamHandler
  implements ICommandHandler<RecordIndicatorFact, CommandResult>
{
  execute({ command, metadata }: RecordIndicatorFact) {
    const streamId = indicatorStreamId(metadata.agency, command.year);
    // The digest covers the command as sent, so a retry without `at` is still the same command.
    const decider = {
      ...indicatorDecider,
      decide: (c: IndicatorReport, s: IndicatorState, x: DecisionContext) =>
        indicatorDecider.decide({ ...c, at: c.at ?? new Date(x.now).toISOString() }, s, x),
    };
    return this.executor.execute({
      streamId,
      id: `${command.year}/${command.name}`,
      decider,
      command,
      context: this.context,
      metadata,
    });
  }
}

export const SUPERVISION_HANDLERS = [
  RecordInspectionFactHandler,
  RecordRectificationFactHandler,
  RecordComplaintFactHandler,
  RecordAppealFactHandler,
  RecordIndicatorFactHandler,
];
