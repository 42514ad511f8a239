import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { contextAt, correctionDecider } from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CommandExecutor } from '../recording/command-executor';
import { CommandResult } from '../recording/command-metadata';
import { RecordCorrection } from './correction.command-specs';

/** Appends the correction to the corrected event's own stream, so every reader of that stream meets it there. */
@CommandHandler(RecordCorrection)
export class RecordCorrectionHandler implements ICommandHandler<RecordCorrection, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  execute({ command, metadata }: RecordCorrection): Promise<CommandResult> {
    return this.executor.execute({
      streamId: command.streamId,
      id: command.eventId,
      decider: correctionDecider,
      command,
      context: (now) => contextAt(now, this.config.timeZone),
      metadata,
    });
  }
}
