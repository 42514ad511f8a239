import { Command } from '@nestjs/cqrs';
import { ApplicationCommand, ItemCommand } from '@ledger/domain';
import { CommandMetadata, CommandResult } from '../recording/command-metadata';

/**
 * Bus messages, one per kind of stream. Routing by these classes is fine: they are transient
 * messages, never persisted (persisted event types are the versioned strings of the domain).
 */
export class RecordItemFact extends Command<CommandResult> {
  constructor(
    readonly command: ItemCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

export class RecordApplicationFact extends Command<CommandResult> {
  constructor(
    readonly command: ApplicationCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
