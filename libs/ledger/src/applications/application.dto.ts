import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CommandEnvelopeDto } from '../commands/command-envelope.dto';
import { ID_MESSAGE, ID_PATTERN, IsInstant } from '../commands/validation';

/** Personal data: encrypted per person in the ledger, never shown in figures or public output. */
export class PersonalDataDto {
  @ApiPropertyOptional({ enum: ['person', 'organisation'] }) @IsOptional() @IsIn(['person', 'organisation']) kind?:
    'person' | 'organisation';
  @ApiProperty({ example: '测试甲' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ description: 'Identity card number or unified social credit code' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  idNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) contactPerson?: string;
}

export class FileApplicationDto extends CommandEnvelopeDto {
  @ApiPropertyOptional({
    description: 'Client-chosen id; generated when absent (derived from the Idempotency-Key if one is sent).',
  })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `applicationId ${ID_MESSAGE}` })
  applicationId?: string;

  @ApiProperty({ example: 'JD-001' }) @IsString() @IsNotEmpty() itemCode: string;
  @ApiProperty({ enum: ['online', 'window', 'app', 'terminal'] })
  @IsIn(['online', 'window', 'app', 'terminal'])
  channel: 'online' | 'window' | 'app' | 'terminal';
  @ApiProperty({ example: '2021-03-01T09:00:00+08:00' }) @IsInstant() filedAt: string;

  @ApiProperty({ type: PersonalDataDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PersonalDataDto)
  applicant: PersonalDataDto;
}

/** Every fact about an existing application says when it happened. */
export class ApplicationFactDto extends CommandEnvelopeDto {
  @ApiProperty({ example: '2021-03-01T10:00:00+08:00', description: 'Business time: when it happened' })
  @IsInstant()
  at: string;
}

export class AcceptanceDto extends ApplicationFactDto {
  @ApiProperty({ description: '受理 (true) or 不予受理 (false)' }) @IsBoolean() accepted: boolean;
  @ApiPropertyOptional({ description: 'Required when not accepted' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class SupplementRequestDto extends ApplicationFactDto {
  @ApiProperty({ description: 'The materials missing, all in one notice (一次性告知)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  materials: string;
}

export class SupplementDto extends ApplicationFactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ExtensionDto extends ApplicationFactDto {
  @ApiProperty({ example: 10, description: 'Working days, at most 10 (once)' }) @IsInt() @Min(1) @Max(10) days: number;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
  @ApiProperty({ description: 'The head of the agency who approved it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  approvedBy: string;
}

export class SuspensionDto extends ApplicationFactDto {
  @ApiProperty({
    enum: ['hearing', 'testing', 'expert-review', 'other'],
    description: 'Period not counted in the time limit',
  })
  @IsIn(['hearing', 'testing', 'expert-review', 'other'])
  kind: 'hearing' | 'testing' | 'expert-review' | 'other';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

export class ResumptionDto extends ApplicationFactDto {}

export class DecisionDto extends ApplicationFactDto {
  @ApiProperty({ enum: ['granted', 'denied'] }) @IsIn(['granted', 'denied']) outcome: 'granted' | 'denied';
  @ApiPropertyOptional({ description: 'Required when denied' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
  @ApiPropertyOptional({ description: 'Required when denied' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  legalBasis?: string;
  @ApiPropertyOptional({
    description: 'Notice of the right to reconsideration or litigation; a standard notice is used when absent',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  appealRightsNotice?: string;
  @ApiPropertyOptional({
    description:
      'For a denial: whether the applicant was told of the right to reconsideration or litigation (第三十八条第二款); a denial that does not record it is a compliance finding',
  })
  @IsOptional()
  @IsBoolean()
  appealRightsNotified?: boolean;
}

export class DisclosureDto extends ApplicationFactDto {
  @ApiPropertyOptional({ description: 'Where it was published; required unless exempt', example: '信用江门网' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  channel?: string;
  @ApiPropertyOptional({ description: 'Exempt from disclosure by law; then legalBasis is required' })
  @IsOptional()
  @IsBoolean()
  exempt?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) legalBasis?: string;
}

export class CertificateDto extends ApplicationFactDto {
  @ApiProperty({ enum: ['paper', 'electronic'] }) @IsIn(['paper', 'electronic']) form: 'paper' | 'electronic';
  @ApiProperty({ enum: ['mail', 'collect'] }) @IsIn(['mail', 'collect']) delivery: 'mail' | 'collect';
}

export class WithdrawalDto extends ApplicationFactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

export class VisitDto extends ApplicationFactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) purpose?: string;
}

export class RatingDto extends ApplicationFactDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意' })
  @IsInt()
  @Min(1)
  @Max(5)
  level: 1 | 2 | 3 | 4 | 5;
  @ApiPropertyOptional({ description: 'True when the 7-day default (基本满意) applied' })
  @IsOptional()
  @IsBoolean()
  defaulted?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) channel?: string;
}

export class RatingRectificationDto extends ApplicationFactDto {
  @ApiProperty({ description: 'What was done about the 不满意/非常不满意 rating' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  measures: string;
}
