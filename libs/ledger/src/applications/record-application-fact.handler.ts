import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApplicationContext, applicationDecider } from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ItemCatalogue } from '../catalogue/item-catalogue';
import { RecordApplicationFact } from '../commands/record-fact.commands';
import { CommandExecutor } from '../recording/command-executor';
import { CommandResult } from '../recording/command-metadata';
import { AgencyRecords } from '../tenancy/agency-records';

@CommandHandler(RecordApplicationFact)
export class RecordApplicationFactHandler implements ICommandHandler<RecordApplicationFact, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly catalogue: ItemCatalogue,
    private readonly records: AgencyRecords,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ command, metadata }: RecordApplicationFact): Promise<CommandResult> {
    const { streamId, emptyWhenLocated } = await this.records.locate(
      'application',
      metadata.agency,
      command.applicationId,
    );
    return this.executor.execute({
      streamId,
      emptyWhenLocated,
      id: command.applicationId,
      decider: applicationDecider,
      command,
      context: async (now): Promise<ApplicationContext> => ({
        now,
        timeZone: this.config.timeZone,
        // Only a filing looks at the catalogue; the item's rules are then copied into the stream.
        ...(command.type === 'FileApplication'
          ? { itemOnFilingDate: await this.catalogue.onFilingDate(metadata.agency, command.itemCode, command.at) }
          : {}),
      }),
      metadata,
    });
  }
}
