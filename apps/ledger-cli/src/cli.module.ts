import { Module } from '@nestjs/common';
import { LedgerCoreModule, NdjsonImporter } from '@ledger/ledger';
import { ImportCommand } from './commands/import.command';
import { StreamCommand } from './commands/stream.command';

@Module({
  imports: [LedgerCoreModule.forRoot()],
  providers: [NdjsonImporter, ImportCommand, StreamCommand],
})
export class CliModule {}
