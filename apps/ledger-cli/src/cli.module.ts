import { Module } from '@nestjs/common';
import { LedgerCoreModule, NdjsonImporter } from '@ledger/ledger';
import { ImportCommand } from './commands/import.command';
import { StreamCommand } from './commands/stream.command';
import { EraseSubjectCommand } from './commands/erase-subject.command';
import { InitKeysCommand, isKeySetupRun } from './commands/init-keys.command';
import { RotateMasterKeyCommand } from './commands/rotate-master-key.command';
import { FiguresCommand } from './commands/figures.command';
import { RebuildCommand } from './commands/rebuild.command';
import { MigrateStoreCommand } from './commands/migrate-store.command';
import { ApiKeyCommand } from './commands/api-key.command';
import { DemoCommand } from './commands/demo.command';
import { ProjectionsModule } from '@ledger/projections';

@Module({
  // The CLI computes figures from the events on demand; the live projection runs in the API or the projector.
  imports: [LedgerCoreModule.forRoot({ masterKeyOptional: isKeySetupRun() }), ProjectionsModule.forRoot({ live: false })],
  providers: [NdjsonImporter, ImportCommand, StreamCommand, FiguresCommand, RebuildCommand, MigrateStoreCommand, ApiKeyCommand, InitKeysCommand, EraseSubjectCommand, RotateMasterKeyCommand, DemoCommand],
})
export class CliModule {}
