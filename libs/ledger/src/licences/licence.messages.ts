import { Command } from '@nestjs/cqrs';
import { LicenceCommand } from '@ledger/domain';
import { CommandMetadata, CommandResult } from '../recording/command-metadata';

/** The bus message for every fact of a licence's stream (transient, never persisted). */
export class RecordLicenceFact extends Command<CommandResult> {
  constructor(
    readonly command: LicenceCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
