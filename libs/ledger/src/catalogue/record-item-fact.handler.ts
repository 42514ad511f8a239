import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { contextAt, itemDecider, recordStreamId } from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { RecordItemFact } from '../commands/record-fact.commands';
import { CommandExecutor } from '../recording/command-executor';
import { CommandResult } from '../recording/command-metadata';

@CommandHandler(RecordItemFact)
export class RecordItemFactHandler implements ICommandHandler<RecordItemFact, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  execute({ command, metadata }: RecordItemFact): Promise<CommandResult> {
    return this.executor.execute({
      streamId: recordStreamId('item', metadata.agency, command.code),
      id: command.code,
      decider: itemDecider,
      command,
      context: (now) => contextAt(now, this.config.timeZone),
      metadata,
    });
  }
}
