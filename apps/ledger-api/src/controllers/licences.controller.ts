import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { Roles } from '@ledger/operations';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  CancellationCauseDto,
  CancellationDto,
  CommandEnvelopeDto,
  CommandResultDto,
  DeemedRenewalDto,
  GrantLicenceDto,
  LedgerCommands,
  LicenceChangeApplicationDto,
  LicenceChangeDecisionDto,
  LicenceRevocationDto,
  LicenceUseResumptionDto,
  LicenceUseSuspensionDto,
  LicenceWithdrawalDto,
  LicenseeInspectionDto,
  RenewalApplicationDto,
  RenewalDecisionDto,
  specNamed,
} from '@ledger/ledger';
import { originOf } from './command-request';

/** The licence's own life after the grant (《行政许可法》第八条, 第四十九条, 第五十条, 第六十九条, 第七十条). */
@ApiTags('licences')
@Roles('clerk')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retried command with the same key returns the first result and records nothing new.',
})
@Controller('v1/licences')
export class LicencesController {
  constructor(private readonly commands: LedgerCommands) {}

  private onLicence(name: string, licenceId: string, dto: CommandEnvelopeDto, req: Request) {
    return this.commands.run(specNamed(name), dto, { licenceId }, originOf(req));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Licence granted (许可证件), from a granted application',
    description:
      'The application must be granted, in the same agency; its item and department are copied in. `holder` is personal data.',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  grant(@Body() dto: GrantLicenceDto, @Req() req: Request) {
    return this.commands.run(specNamed('grant-licence'), dto, {}, originOf(req));
  }

  @Post(':id/change-applications')
  @HttpCode(201)
  @ApiOperation({ summary: 'Change applied for (变更申请, 第四十九条)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  applyForChange(@Param('id') id: string, @Body() dto: LicenceChangeApplicationDto, @Req() req: Request) {
    return this.onLicence('apply-for-licence-change', id, dto, req);
  }

  @Post(':id/change-decision')
  @HttpCode(201)
  @ApiOperation({ summary: 'Change approved or refused (with reason)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  decideChange(@Param('id') id: string, @Body() dto: LicenceChangeDecisionDto, @Req() req: Request) {
    return this.onLicence('decide-licence-change', id, dto, req);
  }

  @Post(':id/renewal-applications')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Renewal applied for (延续申请, 第五十条)',
    description: "Due by the licence's renewal lead time (30 days unless the item says otherwise) before expiry.",
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  applyForRenewal(@Param('id') id: string, @Body() dto: RenewalApplicationDto, @Req() req: Request) {
    return this.onLicence('apply-for-renewal', id, dto, req);
  }

  @Post(':id/renewal-decision')
  @HttpCode(201)
  @ApiOperation({ summary: 'Renewal decided: renewed to a new last day, or refused with reason' })
  @ApiCreatedResponse({ type: CommandResultDto })
  decideRenewal(@Param('id') id: string, @Body() dto: RenewalDecisionDto, @Req() req: Request) {
    return this.onLicence('decide-renewal', id, dto, req);
  }

  @Post(':id/deemed-renewal')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Renewal deemed granted (视为准予延续): the licence expired with the application undecided',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  deemRenewed(@Param('id') id: string, @Body() dto: DeemedRenewalDto, @Req() req: Request) {
    return this.onLicence('record-deemed-renewal', id, dto, req);
  }

  @Post(':id/withdrawal')
  @HttpCode(201)
  @ApiOperation({ summary: 'Licence withdrawn (撤回, 第八条) with reason, legal basis and compensation' })
  @ApiCreatedResponse({ type: CommandResultDto })
  withdraw(@Param('id') id: string, @Body() dto: LicenceWithdrawalDto, @Req() req: Request) {
    return this.onLicence('withdraw-licence', id, dto, req);
  }

  @Post(':id/revocation')
  @HttpCode(201)
  @ApiOperation({ summary: 'Licence revoked (撤销, 第六十九条) with reason and legal basis' })
  @ApiCreatedResponse({ type: CommandResultDto })
  revoke(@Param('id') id: string, @Body() dto: LicenceRevocationDto, @Req() req: Request) {
    return this.onLicence('revoke-licence', id, dto, req);
  }

  @Post(':id/cancellation-causes')
  @HttpCode(201)
  @ApiOperation({
    summary: 'A ground for cancellation learnt (holder died or dissolved, force majeure…), before the cancellation',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  recordCause(@Param('id') id: string, @Body() dto: CancellationCauseDto, @Req() req: Request) {
    return this.onLicence('record-cancellation-cause', id, dto, req);
  }

  @Post(':id/cancellation')
  @HttpCode(201)
  @ApiOperation({ summary: 'Licence cancelled (注销, 第七十条) with a cause that holds' })
  @ApiCreatedResponse({ type: CommandResultDto })
  cancel(@Param('id') id: string, @Body() dto: CancellationDto, @Req() req: Request) {
    return this.onLicence('cancel-licence', id, dto, req);
  }

  @Post(':id/use-suspension')
  @HttpCode(201)
  @ApiOperation({ summary: 'Use of the licence suspended under the law that provides for it' })
  @ApiCreatedResponse({ type: CommandResultDto })
  suspendUse(@Param('id') id: string, @Body() dto: LicenceUseSuspensionDto, @Req() req: Request) {
    return this.onLicence('suspend-licence-use', id, dto, req);
  }

  @Post(':id/use-resumption')
  @HttpCode(201)
  @ApiOperation({ summary: 'Use of the licence resumed' })
  @ApiCreatedResponse({ type: CommandResultDto })
  resumeUse(@Param('id') id: string, @Body() dto: LicenceUseResumptionDto, @Req() req: Request) {
    return this.onLicence('resume-licence-use', id, dto, req);
  }

  @Post(':id/inspections')
  @Roles('clerk', 'supervisor')
  @HttpCode(201)
  @ApiOperation({ summary: 'Licensee inspected after the grant (被许可人监督检查), with findings' })
  @ApiCreatedResponse({ type: CommandResultDto })
  inspect(@Param('id') id: string, @Body() dto: LicenseeInspectionDto, @Req() req: Request) {
    return this.onLicence('inspect-licensee', id, dto, req);
  }
}
