import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { Roles } from '@ledger/operations';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  AppealConclusionDto,
  AppealDto,
  CommandResultDto,
  ComplaintDto,
  ComplaintResolutionDto,
  IndicatorDto,
  InspectionDto,
  LedgerCommands,
  RectificationDto,
  RectificationUpdateDto,
  specNamed,
} from '@ledger/ledger';
import { originOf } from './command-request';

@ApiTags('supervision')
@Roles('clerk', 'supervisor')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retried command with the same key returns the first result and records nothing new.',
})
@Controller('v1')
export class SupervisionController {
  constructor(private readonly commands: LedgerCommands) {}

  @Post('inspections')
  @HttpCode(201)
  @ApiOperation({ summary: 'Inspection performed (external supervision, enforcement inspection, case-file review)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  inspect(@Body() dto: InspectionDto, @Req() req: Request) {
    return this.commands.run(specNamed('perform-inspection'), dto, {}, originOf(req));
  }

  @Post('rectifications')
  @HttpCode(201)
  @ApiOperation({ summary: 'Rectification recorded (problem, measures, status, year)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  rectify(@Body() dto: RectificationDto, @Req() req: Request) {
    return this.commands.run(specNamed('record-rectification'), dto, {}, originOf(req));
  }

  @Post('rectifications/:id/updates')
  @HttpCode(201)
  @ApiOperation({ summary: 'Rectification status moved forward' })
  @ApiCreatedResponse({ type: CommandResultDto })
  updateRectification(@Param('id') id: string, @Body() dto: RectificationUpdateDto, @Req() req: Request) {
    return this.commands.run(specNamed('update-rectification'), dto, { rectificationId: id }, originOf(req));
  }

  @Post('complaints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Complaint or report logged (投诉举报); `complainant` is personal data' })
  @ApiCreatedResponse({ type: CommandResultDto })
  complain(@Body() dto: ComplaintDto, @Req() req: Request) {
    return this.commands.run(specNamed('log-complaint'), dto, {}, originOf(req));
  }

  @Post('complaints/:id/resolution')
  @HttpCode(201)
  @ApiOperation({ summary: 'Complaint resolved (valid or not, outcome)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  resolve(@Param('id') id: string, @Body() dto: ComplaintResolutionDto, @Req() req: Request) {
    return this.commands.run(specNamed('resolve-complaint'), dto, { complaintId: id }, originOf(req));
  }

  @Post('appeals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reconsideration (行政复议) or litigation (行政诉讼) filed' })
  @ApiCreatedResponse({ type: CommandResultDto })
  appeal(@Body() dto: AppealDto, @Req() req: Request) {
    return this.commands.run(specNamed('file-appeal'), dto, {}, originOf(req));
  }

  @Post('appeals/:id/conclusion')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reconsideration or litigation concluded' })
  @ApiCreatedResponse({ type: CommandResultDto })
  conclude(@Param('id') id: string, @Body() dto: AppealConclusionDto, @Req() req: Request) {
    return this.commands.run(specNamed('conclude-appeal'), dto, { appealId: id }, originOf(req));
  }

  @Post('indicators')
  @HttpCode(201)
  @ApiOperation({ summary: 'Indicator reported by another system, with its source' })
  @ApiCreatedResponse({ type: CommandResultDto })
  indicator(@Body() dto: IndicatorDto, @Req() req: Request) {
    return this.commands.run(specNamed('report-indicator'), dto, {}, originOf(req));
  }
}
