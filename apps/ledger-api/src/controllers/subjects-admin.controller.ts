import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandResultDto, SubjectErasure, SubjectErasureDto } from '@ledger/ledger';
import { Roles } from '@ledger/operations';
import { originOf } from './command-request';

@ApiTags('admin')
@Roles('admin')
@Controller('v1/admin/subjects')
export class SubjectsAdminController {
  constructor(private readonly erasure: SubjectErasure) {}

  @Post(':subjectId/erasure')
  @HttpCode(201)
  @ApiOperation({
    summary: "Erase a data subject's personal data (crypto-shredding; role admin)",
    description:
      "Destroys the subject's data key and records SubjectErased.v1 on subject-{subjectId}. Every event stays as recorded (hashes unchanged); " +
      'its personal fields show an erased placeholder from now on. The reason is recorded: cite the legal ground, never the person. ' +
      '404 for an unknown subject, 409 when it was already erased.',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  erase(@Param('subjectId') subjectId: string, @Body() dto: SubjectErasureDto, @Req() req: Request) {
    const origin = originOf(req);
    return this.erasure.erase({
      subjectId,
      reason: dto.reason,
      actor: dto.actor,
      agency: dto.agency,
      principal: origin.principal,
      correlationId: origin.correlationId,
      causationId: origin.causationId,
    });
  }
}
