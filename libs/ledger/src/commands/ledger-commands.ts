import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { LedgerMetrics } from '../metrics/ledger-metrics';
import { CommandMetadata, CommandResult, newCorrelationId } from '../recording/command-metadata';
import { CommandEnvelopeDto } from './command-envelope.dto';
import { CommandPrincipal, actorForCommand, agencyForCommand } from './command-principal';
import { CommandSpec } from './command-spec';
import {
  InputValidationError,
  requireCanonicalText,
  requireStorableCommandValues,
  validateInput,
} from './input-validation';
import { ALL_COMMAND_SPECS } from './all-command-specs';

/** Where a command came from: the request's headers, or an import line. */
export interface CommandOrigin {
  readonly idempotencyKey?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Used when the body names no actor and no principal is known (tools, tests without access control). */
  readonly defaultActor?: string;
  /**
   * Who sends the command: its agencies bound the command's agency, its name is the actor unless
   * it may relay, and its id is recorded as `metadata.principal`.
   */
  readonly principal?: CommandPrincipal;
}

/**
 * The one door every command goes through, from HTTP or from an import: fills in the metadata
 * (agency, actor, correlation) and puts the message on the command bus.
 */
@Injectable()
export class LedgerCommands {
  private readonly byName = new Map(ALL_COMMAND_SPECS.map((s) => [s.name, s as CommandSpec]));

  constructor(
    private readonly bus: CommandBus,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly metrics: LedgerMetrics,
  ) {}

  /** Runs an already validated DTO (the HTTP ValidationPipe did the validating). */
  async run<D extends CommandEnvelopeDto>(
    spec: CommandSpec<D>,
    dto: D,
    params: Readonly<Record<string, string>>,
    origin: CommandOrigin,
  ): Promise<CommandResult> {
    const principal = origin.principal;
    // Refused before anything is looked up or decided: nothing is recorded for another agency.
    const agency = agencyForCommand(dto.agency, principal, this.config.defaultAgency);
    const actor = actorForCommand(dto.actor, principal, origin.defaultActor);
    // Checked here, not per controller or per door: these values are stored with every event.
    requireStorableCommandValues({
      actor,
      params,
      idempotencyKey: origin.idempotencyKey,
      correlationId: origin.correlationId,
      causationId: origin.causationId,
    });
    const correlationId = origin.correlationId ?? newCorrelationId();
    const metadata: CommandMetadata = {
      agency,
      actor,
      ...(principal ? { principal: principal.id } : {}),
      correlationId,
      causationId: origin.causationId ?? correlationId,
      ...(origin.idempotencyKey ? { idempotencyKey: origin.idempotencyKey } : {}),
    };
    return this.bus.execute(spec.toMessage(dto, params, metadata)).then(
      (result) => {
        this.metrics.commands.inc({ command: spec.name, outcome: result.replayed ? 'replayed' : 'recorded' });
        return result;
      },
      (error: unknown) => {
        this.metrics.commands.inc({
          command: spec.name,
          outcome: `refused_${(error as { kind?: string; code?: string }).kind ?? 'error'}`,
        });
        throw error;
      },
    );
  }

  /** Validates and runs a plain object naming its command, as an NDJSON import line does: `{ "command": "make-decision", "applicationId": "…", … }`. */
  async runPlain(line: unknown, origin: CommandOrigin): Promise<CommandResult> {
    if (line === null || typeof line !== 'object' || Array.isArray(line))
      throw new InputValidationError([{ field: '(line)', message: 'must be a JSON object' }]);
    requireCanonicalText(line, '(line)');
    const { command, ...rest } = line as Record<string, unknown>;
    const spec = typeof command === 'string' ? this.byName.get(command) : undefined;
    if (!spec)
      throw new InputValidationError([
        { field: 'command', message: `must name a command: ${[...this.byName.keys()].join(', ')}` },
      ]);
    const params: Record<string, string> = {};
    const missing: { field: string; message: string }[] = [];
    for (const p of spec.params) {
      if (typeof rest[p] !== 'string' || rest[p] === '')
        missing.push({ field: p, message: `${p} is required for ${spec.name}` });
      else params[p] = rest[p] as string;
      delete rest[p];
    }
    if (missing.length) throw new InputValidationError(missing);
    const dto = await validateInput(spec.dto, rest);
    return this.run(spec, dto, params, origin);
  }

  commandNames(): string[] {
    return [...this.byName.keys()];
  }
}
