import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandEnvelopeDto } from '../commands/command-envelope.dto';
import { IsInstant } from '../commands/validation';

export class CorrectionDto extends CommandEnvelopeDto {
  @ApiProperty({ example: 'application-SQ-1', description: 'The stream of the event corrected' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  streamId: string;
  @ApiProperty({ description: 'The id of the event whose recorded values are wrong (it stays in the ledger)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  eventId: string;
  @ApiPropertyOptional({
    example: '2021-03-05T10:00:00+08:00',
    description: 'The right business time of the event, when its time was wrong',
  })
  @IsOptional()
  @IsInstant()
  correctedAt?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { outcome: 'denied', reason: '不符合条件', legalBasis: '《旅馆业治安管理办法》第四条' },
    description:
      "The right values of the event's data fields, by name; which fields are correctable depends on the event type",
  })
  @IsOptional()
  @IsObject()
  fields?: Record<string, unknown>;
  @ApiProperty({ description: 'Why the recorded fact is wrong' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
  @ApiProperty({ description: 'Who authorised the correction (the supervisor who approved it)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  authorisedBy: string;
  @ApiPropertyOptional({ description: 'When the correction was made; the time of the request when absent' })
  @IsOptional()
  @IsInstant()
  at?: string;
}
