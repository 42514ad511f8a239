import { Controller, ForbiddenException, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AccessLog, GetStreamEvents, LEDGER_CONFIG, LedgerConfig, readStreamWithPersonalData } from '@ledger/ledger';
import { PERSONAL_DATA_ROLES, Roles, principalOf } from '@ledger/operations';
import { StreamEventDto } from '../openapi/application.schemas';

@ApiTags('streams')
@Controller('v1/streams')
export class StreamsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly accessLog: AccessLog,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get(':streamId/events')
  @Roles('clerk', 'supervisor', 'legal')
  @ApiOperation({
    summary: "A stream's events in order",
    description:
      'Personal data (applicant, complainant, appellant) is withheld and shown as a placeholder. Roles legal and supervisor may ask for it ' +
      'with personalData=true and a purpose; the read is first recorded as a PersonalDataAccessed.v1 event (who, what, when, why) on the ' +
      "agency's access-log stream. A stream of an agency the caller does not act for, and the ledger's internal streams outside the roles they serve " +
      '(access-log-* and report-*: supervisor, legal; subject-*: legal), answer 404 exactly as a stream that does not exist.',
  })
  @ApiQuery({
    name: 'personalData',
    required: false,
    description: 'true: show personal data decrypted (legal, supervisor)',
  })
  @ApiQuery({
    name: 'purpose',
    required: false,
    description: 'why the personal data is read (required with personalData=true)',
  })
  @ApiOkResponse({ type: [StreamEventDto], description: "The stream's events in order (revision 0 first)" })
  async events(
    @Param('streamId') streamId: string,
    @Req() req: Request,
    @Query('personalData') personalData?: string,
    @Query('purpose') purpose?: string,
  ): Promise<StreamEventDto[]> {
    const principal = principalOf(req);
    if (personalData !== 'true') return this.queries.execute(new GetStreamEvents(streamId, false, principal));
    const role = PERSONAL_DATA_ROLES.find((r) => principal?.roles.includes(r));
    if (!principal || !role)
      throw new ForbiddenException(`personal data is shown only to the roles ${PERSONAL_DATA_ROLES.join(', ')}`);
    // Recorded before anything is handed out: no record, no data.
    return readStreamWithPersonalData(
      this.queries,
      this.accessLog,
      streamId,
      { actor: principal.actor, principal: principal.id, role, purpose: purpose ?? '' },
      this.config.defaultAgency,
      principal,
    );
  }
}
