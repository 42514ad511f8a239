import { Module } from '@nestjs/common';
import { LedgerCoreModule, NdjsonImporter } from '@ledger/ledger';
import { ImportCommand } from './commands/import.command';
import { StreamCommand } from './commands/stream.command';
import { EraseSubjectCommand } from './commands/erase-subject.command';
import { InitKeysCommand, isKeySetupRun } from './commands/init-keys.command';
import { RotateMasterKeyCommand } from './commands/rotate-master-key.command';
import { FiguresCommand } from './commands/figures.command';
import { RebuildCommand } from './commands/rebuild.command';
import { ProjectionsCommand } from './commands/projections.command';
import { MigrateStoreCommand } from './commands/migrate-store.command';
import { ApiKeyCommand } from './commands/api-key.command';
import { DemoCommand } from './commands/demo.command';
import { ProjectionsModule } from '@ledger/projections';
import { AuditModule } from '@ledger/audit';
import { ReplayApplicationCommand } from './commands/replay-application.command';
import { ReplayCommand } from './commands/replay.command';
import { ComplianceCommand } from './commands/compliance.command';
import { IntegrityModule } from '@ledger/integrity';
import { InitSigningKeyCommand, isIntegrityRun } from './commands/init-signing-key.command';
import { CheckpointCommand } from './commands/checkpoint.command';
import { VerifyCommand } from './commands/verify.command';
import { ExportCommand } from './commands/export.command';
import { VerifyExportCommand } from './commands/verify-export.command';
import { ReportsModule } from '@ledger/reports';
import { ReportCommand } from './commands/report.command';
import { TrailCommand } from './commands/trail.command';
import { RegionsCommand } from './commands/regions.command';
import { CalendarCommand } from './commands/calendar.command';
import { RecoverCommand } from './commands/recover.command';
import { isHelpRun } from './continuity-exemptions';
import { cliProjectionsOptions } from './cli-config';

@Module({
  imports: [
    LedgerCoreModule.forRoot({ masterKeyOptional: isKeySetupRun() || isIntegrityRun() || isHelpRun(process.argv) }),
    ProjectionsModule.forRoot(cliProjectionsOptions()),
    IntegrityModule.forRoot(),
    AuditModule,
    ReportsModule,
  ],
  providers: [
    NdjsonImporter,
    ImportCommand,
    StreamCommand,
    FiguresCommand,
    RebuildCommand,
    ProjectionsCommand,
    MigrateStoreCommand,
    ApiKeyCommand,
    InitKeysCommand,
    EraseSubjectCommand,
    RotateMasterKeyCommand,
    DemoCommand,
    InitSigningKeyCommand,
    CheckpointCommand,
    VerifyCommand,
    ExportCommand,
    VerifyExportCommand,
    ReplayApplicationCommand,
    ReplayCommand,
    ComplianceCommand,
    ReportCommand,
    TrailCommand,
    RegionsCommand,
    CalendarCommand,
    RecoverCommand,
  ],
})
export class CliModule {}
