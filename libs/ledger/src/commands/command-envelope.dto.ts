import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AGENCY_PATTERN } from './validation';

/** Fields every command body may carry. */
export class CommandEnvelopeDto {
  @ApiPropertyOptional({
    description: 'Agency the fact belongs to; defaults to the configured agency (LEDGER_AGENCY).',
    example: 'jiangmen-psb',
  })
  @IsOptional()
  @IsString()
  @Matches(AGENCY_PATTERN, { message: 'agency must be lower-case letters, digits and hyphens' })
  agency?: string;

  @ApiPropertyOptional({
    description: "Who records the fact: a clerk's id or an upstream system's name.",
    example: 'clerk-017',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  actor?: string;
}
