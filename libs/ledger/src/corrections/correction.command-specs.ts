import { Command } from '@nestjs/cqrs';
import { CorrectionCommand } from '@ledger/domain';
import { commandSpec } from '../commands/command-spec';
import { CommandMetadata, CommandResult } from '../recording/command-metadata';
import { CorrectionDto } from './correction.dto';

/** The bus message for a correction; it is appended to the stream of the event it corrects. */
export class RecordCorrection extends Command<CommandResult> {
  constructor(
    readonly command: CorrectionCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

export const correctionCommandSpecs = [
  commandSpec({
    name: 'correct-fact',
    dto: CorrectionDto,
    params: [],
    toMessage: (d, _p, m) =>
      new RecordCorrection(
        {
          type: 'CorrectFact',
          streamId: d.streamId,
          eventId: d.eventId,
          correctedAt: d.correctedAt,
          fields: d.fields,
          reason: d.reason,
          authorisedBy: d.authorisedBy,
          at: d.at,
        },
        m,
      ),
  }),
];
