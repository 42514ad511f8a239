import { Controller, ForbiddenException, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { LedgerEvent, PERSONAL_DATA_FIELDS, Recorded } from '@ledger/domain';
import { AccessLog, GetStreamEvents, LEDGER_CONFIG, LedgerConfig, isSealed } from '@ledger/ledger';
import { PERSONAL_DATA_ROLES, Roles, principalOf } from '@ledger/operations';
import { StreamEventDto } from '../openapi/application.schemas';

@ApiTags('streams')
@Controller('v1/streams')
export class StreamsController {
  constructor(private readonly queries: QueryBus, private readonly accessLog: AccessLog, @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  @Get(':streamId/events')
  @Roles('clerk', 'supervisor', 'legal')
  @ApiOperation({
    summary: "A stream's events in order",
    description:
      'Personal data (applicant, complainant, appellant) is withheld and shown as a placeholder. Roles legal and supervisor may ask for it ' +
      'with personalData=true and a purpose; the read is first recorded as a PersonalDataAccessed.v1 event (who, what, when, why) on the ' +
      "agency's access-log stream.",
  })
  @ApiQuery({ name: 'personalData', required: false, description: 'true: show personal data decrypted (legal, supervisor)' })
  @ApiQuery({ name: 'purpose', required: false, description: 'why the personal data is read (required with personalData=true)' })
  @ApiOkResponse({ type: [StreamEventDto], description: "The stream's events in order (revision 0 first)" })
  async events(
    @Param('streamId') streamId: string,
    @Req() req: Request,
    @Query('personalData') personalData?: string,
    @Query('purpose') purpose?: string,
  ): Promise<StreamEventDto[]> {
    if (personalData !== 'true') return this.queries.execute(new GetStreamEvents(streamId, false));
    const principal = principalOf(req);
    const role = PERSONAL_DATA_ROLES.find((r) => principal?.roles.includes(r));
    if (!principal || !role) throw new ForbiddenException(`personal data is shown only to the roles ${PERSONAL_DATA_ROLES.join(', ')}`);
    const opened: Recorded<LedgerEvent>[] = await this.queries.execute(new GetStreamEvents(streamId, true));
    const subjectIds = [...new Set(opened.flatMap(subjectOf))];
    // Recorded before anything is handed out: no record, no data.
    await this.accessLog.record(
      { type: 'PersonalDataAccessed.v1', data: { streamId, subjectIds, purpose: purpose ?? '', role } },
      { agency: opened[0]?.metadata.agency ?? this.config.defaultAgency, actor: principal.id },
    );
    return opened;
  }
}

/** The pseudonymous subject id of an event's personal sub-object, sealed or opened. */
function subjectOf(event: Recorded<LedgerEvent>): string[] {
  const field = PERSONAL_DATA_FIELDS[event.type];
  const value = field ? (event.data as Record<string, unknown>)[field] : undefined;
  if (isSealed(value)) return [value.sealed.subjectId];
  const id = (value as { subjectId?: unknown } | undefined)?.subjectId;
  return typeof id === 'string' ? [id] : [];
}
