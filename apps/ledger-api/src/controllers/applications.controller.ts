import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { Roles, principalOf } from '@ledger/operations';
import { QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  AcceptanceDto,
  CertificateDto,
  CommandEnvelopeDto,
  CommandResultDto,
  DecisionDto,
  DisclosureDto,
  ExtensionDto,
  FileApplicationDto,
  GetApplication,
  LEDGER_CONFIG,
  LedgerCommands,
  LedgerConfig,
  RatingDto,
  RatingRectificationDto,
  ResumptionDto,
  SupplementDto,
  SupplementRequestDto,
  SuspensionDto,
  VisitDto,
  WithdrawalDto,
  agencyForRead,
  applicationNotFound,
  specNamed,
} from '@ledger/ledger';
import { ApplicationViewDto } from '../openapi/application.schemas';
import { originOf } from './command-request';

@ApiTags('applications')
@Roles('clerk')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retried command with the same key returns the first result and records nothing new.',
})
@Controller('v1/applications')
export class ApplicationsController {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly queries: QueryBus,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  private onApplication(name: string, applicationId: string, dto: CommandEnvelopeDto, req: Request) {
    return this.commands.run(specNamed(name), dto, { applicationId }, originOf(req));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Application filed (申请)',
    description: 'The item must exist and be in force on the filing date. `applicant` is personal data.',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  file(@Body() dto: FileApplicationDto, @Req() req: Request) {
    return this.commands.run(specNamed('file-application'), dto, {}, originOf(req));
  }

  @Get(':id')
  @Roles('clerk', 'supervisor', 'legal')
  @ApiOperation({ summary: 'Current state of one application (no personal data)' })
  @ApiQuery({
    name: 'agency',
    required: false,
    description:
      "the agency whose application it is (ids are per agency); default: the caller's only agency, else the configured agency. " +
      'An agency the caller does not act for answers 404, as an unknown id.',
  })
  @ApiOkResponse({
    type: ApplicationViewDto,
    description:
      "The application's state folded from its stream, and where the stream stands; 404 for an unknown application",
  })
  get(@Param('id') id: string, @Req() req: Request, @Query('agency') agency?: string): Promise<ApplicationViewDto> {
    const of = agencyForRead(agency, principalOf(req), this.config.defaultAgency, () => applicationNotFound(id));
    return this.queries.execute(new GetApplication(id, of));
  }

  @Post(':id/acceptance')
  @HttpCode(201)
  @ApiOperation({ summary: 'Accepted (受理) or not accepted (不予受理, with reason)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  accept(@Param('id') id: string, @Body() dto: AcceptanceDto, @Req() req: Request) {
    return this.onApplication('decide-acceptance', id, dto, req);
  }

  @Post(':id/supplement-requests')
  @HttpCode(201)
  @ApiOperation({ summary: 'One-time supplement notice (补正告知)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  requestSupplement(@Param('id') id: string, @Body() dto: SupplementRequestDto, @Req() req: Request) {
    return this.onApplication('request-supplement', id, dto, req);
  }

  @Post(':id/supplements')
  @HttpCode(201)
  @ApiOperation({ summary: 'Supplementary materials provided' })
  @ApiCreatedResponse({ type: CommandResultDto })
  supplement(@Param('id') id: string, @Body() dto: SupplementDto, @Req() req: Request) {
    return this.onApplication('provide-supplement', id, dto, req);
  }

  @Post(':id/extensions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Time limit extended (once, ≤10 working days, approved by the head)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  extend(@Param('id') id: string, @Body() dto: ExtensionDto, @Req() req: Request) {
    return this.onApplication('extend-time-limit', id, dto, req);
  }

  @Post(':id/suspensions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Time limit suspended (hearing, testing, expert review…)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  suspend(@Param('id') id: string, @Body() dto: SuspensionDto, @Req() req: Request) {
    return this.onApplication('suspend-time-limit', id, dto, req);
  }

  @Post(':id/resumptions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Time limit resumed' })
  @ApiCreatedResponse({ type: CommandResultDto })
  resume(@Param('id') id: string, @Body() dto: ResumptionDto, @Req() req: Request) {
    return this.onApplication('resume-time-limit', id, dto, req);
  }

  @Post(':id/decision')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Licensing decision (准予 / 不予许可 with reason and legal basis)',
    description: 'Never two decisions: of concurrent decisions one wins, the others get 409.',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  decide(@Param('id') id: string, @Body() dto: DecisionDto, @Req() req: Request) {
    return this.onApplication('make-decision', id, dto, req);
  }

  @Post(':id/disclosure')
  @HttpCode(201)
  @ApiOperation({ summary: 'Granted decision disclosed (公示), or exempt by law with its basis' })
  @ApiCreatedResponse({ type: CommandResultDto })
  disclose(@Param('id') id: string, @Body() dto: DisclosureDto, @Req() req: Request) {
    return this.onApplication('disclose-decision', id, dto, req);
  }

  @Post(':id/certificates')
  @HttpCode(201)
  @ApiOperation({ summary: 'Certificate issued (paper/electronic, mailed/collected)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  certificate(@Param('id') id: string, @Body() dto: CertificateDto, @Req() req: Request) {
    return this.onApplication('issue-certificate', id, dto, req);
  }

  @Post(':id/withdrawal')
  @HttpCode(201)
  @ApiOperation({ summary: 'Application withdrawn' })
  @ApiCreatedResponse({ type: CommandResultDto })
  withdraw(@Param('id') id: string, @Body() dto: WithdrawalDto, @Req() req: Request) {
    return this.onApplication('withdraw-application', id, dto, req);
  }

  @Post(':id/visits')
  @HttpCode(201)
  @ApiOperation({ summary: 'On-site visit by the applicant recorded (到现场)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  visit(@Param('id') id: string, @Body() dto: VisitDto, @Req() req: Request) {
    return this.onApplication('record-visit', id, dto, req);
  }

  @Post(':id/ratings')
  @HttpCode(201)
  @ApiOperation({ summary: 'Rating received (好差评, level 1–5 where 5 = 非常满意)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  rate(@Param('id') id: string, @Body() dto: RatingDto, @Req() req: Request) {
    return this.onApplication('receive-rating', id, dto, req);
  }

  @Post(':id/rating-rectification')
  @HttpCode(201)
  @ApiOperation({ summary: 'A 不满意/非常不满意 rating rectified (整改)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  rectifyRating(@Param('id') id: string, @Body() dto: RatingRectificationDto, @Req() req: Request) {
    return this.onApplication('rectify-bad-rating', id, dto, req);
  }
}
