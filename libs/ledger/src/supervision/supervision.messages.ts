import { Command } from '@nestjs/cqrs';
import {
  AppealCommand,
  ComplaintCommand,
  IndicatorCommand,
  InspectionCommand,
  RectificationCommand,
} from '@ledger/domain';
import { CommandMetadata, CommandResult } from '../recording/command-metadata';

export class RecordInspectionFact extends Command<CommandResult> {
  constructor(
    readonly command: InspectionCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
export class RecordRectificationFact extends Command<CommandResult> {
  constructor(
    readonly command: RectificationCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
export class RecordComplaintFact extends Command<CommandResult> {
  constructor(
    readonly command: ComplaintCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
export class RecordAppealFact extends Command<CommandResult> {
  constructor(
    readonly command: AppealCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
/** An indicator report may omit its business time: it is then the moment it is recorded. */
export type IndicatorReport = Omit<IndicatorCommand, 'at'> & { readonly at?: string };
export class RecordIndicatorFact extends Command<CommandResult> {
  constructor(
    readonly command: IndicatorReport,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
