import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CommandEnvelopeDto } from '../commands/command-envelope.dto';

export class SubjectErasureDto extends CommandEnvelopeDto {
  @ApiProperty({
    description:
      'Why the personal data is erased: the legal ground or the request reference. It is recorded in the ledger, so it must not name or describe the person.',
    example: 'PIPL art. 47: retention period expired (request 2026-0142)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}
