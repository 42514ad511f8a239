import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { Roles } from '@ledger/operations';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandResultDto, CorrectionDto, LedgerCommands, specNamed } from '@ledger/ledger';
import { originOf } from './command-request';

/** Corrections of mis-recorded facts: a supervisor's act, recorded beside the fact it corrects. */
@ApiTags('corrections')
@Roles('supervisor')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retried command with the same key returns the first result and records nothing new.',
})
@Controller('v1/corrections')
export class CorrectionsController {
  constructor(private readonly commands: LedgerCommands) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'A mis-recorded fact corrected (FactCorrected.v1): its right business time or field values',
    description:
      'The corrected event stays in the ledger and in every proof; figures, checks, replay and trails use the corrected values from the correction on, and an as-of query before it shows the original. Supervisors only; `authorisedBy` names who approved it.',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  correct(@Body() dto: CorrectionDto, @Req() req: Request) {
    return this.commands.run(specNamed('correct-fact'), dto, {}, originOf(req));
  }
}
