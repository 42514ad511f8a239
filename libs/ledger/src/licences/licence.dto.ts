import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PersonalDataDto } from '../applications/application.dto';
import { CommandEnvelopeDto } from '../commands/command-envelope.dto';
import { ID_MESSAGE, ID_PATTERN, IsInstant } from '../commands/validation';

/** The shape of a local date; whether the date exists is the domain's rule (CALENDAR.INVALID_DATE). */
const LOCAL_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_MESSAGE = 'must be a date written YYYY-MM-DD (agency-local)';

const CANCELLATION_CAUSES = [
  'expired',
  'holder-died',
  'holder-incapacitated',
  'holder-terminated',
  'revoked',
  'withdrawn',
  'certificate-revoked-as-penalty',
  'force-majeure',
  'other-by-law',
] as const;
type Cause = (typeof CANCELLATION_CAUSES)[number];

export class GrantLicenceDto extends CommandEnvelopeDto {
  @ApiPropertyOptional({
    description: 'Client-chosen id; generated when absent (derived from the Idempotency-Key if one is sent).',
  })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `licenceId ${ID_MESSAGE}` })
  licenceId?: string;
  @ApiProperty({ description: 'The granted application the licence comes from' })
  @IsString()
  @Matches(ID_PATTERN, { message: `applicationId ${ID_MESSAGE}` })
  applicationId: string;
  @ApiProperty({ example: '粤江公保服字0001号' }) @IsString() @IsNotEmpty() @MaxLength(128) licenceNumber: string;
  @ApiProperty({ example: '2021-03-04T09:00:00+08:00', description: 'When the licence was issued' })
  @IsInstant()
  at: string;
  @ApiProperty({ type: PersonalDataDto, description: 'The holder: personal data, sealed per data subject' })
  @IsDefined()
  @ValidateNested()
  @Type(() => PersonalDataDto)
  holder: PersonalDataDto;
  @ApiProperty({ example: '2021-03-04', description: 'First day of validity (agency-local date)' })
  @Matches(LOCAL_DATE_SHAPE, { message: `validFrom ${LOCAL_DATE_MESSAGE}` })
  validFrom: string;
  @ApiPropertyOptional({
    example: '2024-03-03',
    description: 'Last day of validity; absent for a licence without a term',
  })
  @IsOptional()
  @Matches(LOCAL_DATE_SHAPE, { message: `validUntil ${LOCAL_DATE_MESSAGE}` })
  validUntil?: string;
  @ApiPropertyOptional({
    example: 30,
    description: "Days before expiry by which renewal must be applied for (第五十条): the item's rule, 30 when absent",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  renewalLeadDays?: number;
}

/** Every fact about an existing licence says when it happened. */
export class LicenceFactDto extends CommandEnvelopeDto {
  @ApiProperty({ example: '2022-05-01T09:00:00+08:00', description: 'Business time: when it happened' })
  @IsInstant()
  at: string;
}

export class LicenceChangeApplicationDto extends LicenceFactDto {
  @ApiProperty({ description: 'What the holder asks to change (第四十九条)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  requestedChange: string;
}

export class LicenceChangeDecisionDto extends LicenceFactDto {
  @ApiProperty({ enum: ['approved', 'refused'] }) @IsIn(['approved', 'refused']) outcome: 'approved' | 'refused';
  @ApiPropertyOptional({ description: 'Required when refused' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class RenewalApplicationDto extends LicenceFactDto {}

export class RenewalDecisionDto extends LicenceFactDto {
  @ApiProperty({ enum: ['renewed', 'refused'] }) @IsIn(['renewed', 'refused']) outcome: 'renewed' | 'refused';
  @ApiPropertyOptional({ example: '2027-03-03', description: 'New last day of validity; required when renewed' })
  @IsOptional()
  @Matches(LOCAL_DATE_SHAPE, { message: `validUntil ${LOCAL_DATE_MESSAGE}` })
  validUntil?: string;
  @ApiPropertyOptional({ description: 'Required when refused' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class DeemedRenewalDto extends LicenceFactDto {
  @ApiProperty({ example: '2027-03-03', description: 'New last day of validity' })
  @Matches(LOCAL_DATE_SHAPE, { message: `validUntil ${LOCAL_DATE_MESSAGE}` })
  validUntil: string;
}

export class LicenceWithdrawalDto extends LicenceFactDto {
  @ApiProperty({ description: 'The change of law or circumstances (第八条)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) legalBasis: string;
  @ApiProperty({ description: 'The compensation decided, or why none is due' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  compensation: string;
  @ApiPropertyOptional({ description: 'Amount decided, yuan (at most two decimals)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  compensationYuan?: number;
}

export class LicenceRevocationDto extends LicenceFactDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @ApiProperty({ description: 'The paragraph of 第六十九条 (or other law) it is revoked under' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  legalBasis: string;
}

export class CancellationDto extends LicenceFactDto {
  @ApiProperty({ enum: CANCELLATION_CAUSES, description: '第七十条 ground' })
  @IsIn(CANCELLATION_CAUSES)
  cause: Cause;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional({ description: "Required for 'other-by-law'" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  legalBasis?: string;
}

export class CancellationCauseDto extends CancellationDto {}

export class LicenceUseSuspensionDto extends LicenceFactDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @ApiProperty({ description: 'The law that provides for the suspension' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  legalBasis: string;
}

export class LicenceUseResumptionDto extends LicenceFactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class LicenseeInspectionDto extends LicenceFactDto {
  @ApiPropertyOptional({ description: 'Generated when absent (derived from the Idempotency-Key if one is sent)' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `inspectionId ${ID_MESSAGE}` })
  inspectionId?: string;
  @ApiProperty({ example: '未发现问题' }) @IsString() @IsNotEmpty() @MaxLength(4000) findings: string;
  @ApiProperty() @IsBoolean() rectificationRequired: boolean;
  @ApiPropertyOptional({ example: '双随机' }) @IsOptional() @IsString() @MaxLength(200) method?: string;
}
