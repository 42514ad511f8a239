import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApplicationReplayService,
  COMPLIANCE_RULES,
  ComplianceService,
  DEFAULT_REPLAY_LIMIT,
  LedgerReplayService,
  MAX_REPLAY_LIMIT,
  parseComplianceQuery,
  parseReplayQuery,
} from '@ledger/audit';
import type { Request } from 'express';
import { LEDGER_CONFIG, LedgerConfig, agencyForRead, applicationNotFound, readableAgencies } from '@ledger/ledger';
import { Roles, principalOf } from '@ledger/operations';
import { ApplicationReplayDto, ComplianceReportDto, LedgerReplayPageDto } from '../openapi/audit.schemas';

const RULES = COMPLIANCE_RULES.map((r) => `${r.code} (${r.severity}): ${r.definition}`).join(' ');

/** Supervisors replay history for audits and run the compliance checks. Personal data is always withheld. */
@ApiTags('audit')
@Roles('supervisor')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly applications: ApplicationReplayService,
    private readonly ledger: LedgerReplayService,
    private readonly compliance: ComplianceService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get('applications/:id/replay')
  @ApiOperation({
    summary:
      "How one application proceeded: its events, each with the decider's state and the statutory deadline after it",
    description:
      'Personal data is withheld. `deadline` is null until the application is accepted; on a decision, `onTime` says whether it met the deadline. 404 for an unknown application.',
  })
  @ApiQuery({
    name: 'agency',
    required: false,
    description:
      "the agency whose application it is (ids are per agency); default: the caller's only agency, else the configured agency. " +
      'An agency the caller does not act for answers 404, as an unknown id.',
  })
  @ApiOkResponse({
    type: ApplicationReplayDto,
    description: "The application's events in stream order, each with the state and deadline after it",
  })
  application(
    @Param('id') id: string,
    @Req() req: Request,
    @Query('agency') agency?: string,
  ): Promise<ApplicationReplayDto> {
    const of = agencyForRead(agency, principalOf(req), this.config.defaultAgency, () => applicationNotFound(id));
    return this.applications.replay(id, of);
  }

  @Get('replay')
  @ApiOperation({
    summary: 'The whole ledger, or one agency, as it stood up to a position or an instant, one page at a time',
    description:
      `Events in the ledger's order with personal data withheld, and a summary of the page (events per type, streams, agencies, first and last position). ` +
      `upToPosition is inclusive; upTo keeps the events recorded (ledger time) at or before that instant. Pass next.after as after for the following page; next is null on the last page.`,
  })
  @ApiQuery({
    name: 'agency',
    required: false,
    description:
      "one agency's events; without it, every agency the caller reads (all for a '*' credential). An agency the caller does not act for answers 404 AGENCY.NOT_FOUND, as one without events.",
  })
  @ApiQuery({ name: 'upToPosition', required: false, description: 'inclusive ledger position' })
  @ApiQuery({
    name: 'upTo',
    required: false,
    description: 'ISO-8601 instant with offset, e.g. 2021-03-30T18:00:00+08:00',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `page size, default ${DEFAULT_REPLAY_LIMIT}, at most ${MAX_REPLAY_LIMIT}`,
  })
  @ApiQuery({ name: 'after', required: false, description: 'cursor: the position after which the page starts' })
  @ApiOkResponse({
    type: LedgerReplayPageDto,
    description: 'One page of events, its summary and the cursor of the next',
  })
  replay(
    @Req() req: Request,
    @Query('agency') agency?: string,
    @Query('upToPosition') upToPosition?: string,
    @Query('upTo') upTo?: string,
    @Query('limit') limit?: string,
    @Query('after') after?: string,
  ): Promise<LedgerReplayPageDto> {
    const principal = principalOf(req);
    const filter = parseReplayQuery({ agency, upToPosition, upTo, limit, after });
    if (filter.agency !== undefined) agencyForRead(filter.agency, principal, this.config.defaultAgency);
    const agencies = filter.agency === undefined ? readableAgencies(principal) : undefined;
    return this.ledger.page({ ...filter, ...(agencies && { agencies }) });
  }

  @Get('compliance/:year')
  @ApiOperation({
    summary: 'Compliance checks of one agency-year: findings with the events behind them, and a count per rule',
    description: RULES,
  })
  @ApiParam({ name: 'year', description: '1990–2100' })
  @ApiQuery({
    name: 'agency',
    required: false,
    description:
      "default: the caller's only agency, else the configured agency; 404 for an agency with no events or one the caller does not act for",
  })
  @ApiQuery({
    name: 'complaintResolutionDays',
    required: false,
    description: 'default LEDGER_COMPLAINT_RESOLUTION_DAYS (60)',
  })
  @ApiQuery({ name: 'disclosureGraceDays', required: false, description: 'default LEDGER_DISCLOSURE_GRACE_DAYS (20)' })
  @ApiOkResponse({
    type: ComplianceReportDto,
    description: 'The findings of the agency-year with the events behind them, and a count per rule and per severity',
  })
  check(
    @Param('year') year: string,
    @Req() req: Request,
    @Query('agency') agency?: string,
    @Query('complaintResolutionDays') complaintResolutionDays?: string,
    @Query('disclosureGraceDays') disclosureGraceDays?: string,
  ): Promise<ComplianceReportDto> {
    return this.compliance.check(
      parseComplianceQuery(year, agencyForRead(agency, principalOf(req), this.config.defaultAgency), {
        complaintResolutionDays,
        disclosureGraceDays,
      }),
    );
  }
}
