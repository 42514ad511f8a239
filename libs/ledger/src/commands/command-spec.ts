import { Command } from '@nestjs/cqrs';
import { CommandEnvelopeDto } from './command-envelope.dto';
import { CommandMetadata, CommandResult } from '../recording/command-metadata';

/**
 * One command as both doors know it: the HTTP route and an import line name it the same way,
 * validate the same DTO, and put the same message on the bus.
 */
export interface CommandSpec<D extends CommandEnvelopeDto = CommandEnvelopeDto> {
  /** Name used in NDJSON import lines, e.g. `file-application`. */
  readonly name: string;
  readonly dto: new () => D;
  /** Path parameters (HTTP) that an import line carries as top-level fields. */
  readonly params: readonly string[];
  /** Builds the bus message. `idempotencyKey` lets creating commands derive a stable id when the client named none. */
  readonly toMessage: (
    dto: D,
    params: Readonly<Record<string, string>>,
    metadata: CommandMetadata,
  ) => Command<CommandResult>;
}

export function commandSpec<D extends CommandEnvelopeDto>(spec: CommandSpec<D>): CommandSpec<D> {
  return spec;
}
