import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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

export class InspectionDto extends CommandEnvelopeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `inspectionId ${ID_MESSAGE}` })
  inspectionId?: string;
  @ApiProperty({
    enum: ['external-supervision', 'enforcement-inspection', 'case-file-review'],
    description: '对外监督检查 / 执法检查 / 案卷评查',
  })
  @IsIn(['external-supervision', 'enforcement-inspection', 'case-file-review'])
  kind: 'external-supervision' | 'enforcement-inspection' | 'case-file-review';
  @ApiProperty({ example: '2020-06-01T10:00:00+08:00' }) @IsInstant() at: string;
  @ApiProperty({ example: '治安' }) @IsString() @IsNotEmpty() @MaxLength(64) department: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() itemCode?: string;
  @ApiPropertyOptional({ type: [String], description: 'Applications whose files were inspected or reviewed' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  applicationIds?: string[];
  @ApiPropertyOptional({ description: 'Case-file review: files sampled (defaults to the number of applicationIds)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000000)
  filesReviewed?: number;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) findings: string;
  @ApiProperty() @IsBoolean() rectificationRequired: boolean;
}

export class RectificationDto extends CommandEnvelopeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `rectificationId ${ID_MESSAGE}` })
  rectificationId?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) problem: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) measures: string;
  @ApiProperty({ enum: ['planned', 'in-progress', 'completed'] })
  @IsIn(['planned', 'in-progress', 'completed'])
  status: 'planned' | 'in-progress' | 'completed';
  @ApiProperty({ example: 2019, description: 'The year whose problem is rectified' })
  @IsInt()
  @Min(1990)
  @Max(2100)
  year: number;
  @ApiPropertyOptional() @IsOptional() @IsString() inspectionId?: string;
  @ApiPropertyOptional({ description: 'Business time; defaults to now' }) @IsOptional() @IsInstant() at?: string;
}

export class RectificationUpdateDto extends CommandEnvelopeDto {
  @ApiProperty({ enum: ['planned', 'in-progress', 'completed'] })
  @IsIn(['planned', 'in-progress', 'completed'])
  status: 'planned' | 'in-progress' | 'completed';
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(5000) measures?: string;
  @ApiPropertyOptional({ description: 'Business time; defaults to now' }) @IsOptional() @IsInstant() at?: string;
}

export class ComplaintDto extends CommandEnvelopeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `complaintId ${ID_MESSAGE}` })
  complaintId?: string;
  @ApiProperty() @IsInstant() at: string;
  @ApiProperty({ example: '12345热线' }) @IsString() @IsNotEmpty() @MaxLength(100) channel: string;
  @ApiProperty({
    description: 'What the complaint is about (no personal data here: put the complainant in `complainant`)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  subject: string;
  @ApiPropertyOptional() @IsOptional() @IsString() applicationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() itemCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) department?: string;
  @ApiPropertyOptional({ type: PersonalDataDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonalDataDto)
  complainant?: PersonalDataDto;
}

export class ComplaintResolutionDto extends CommandEnvelopeDto {
  @ApiProperty() @IsInstant() at: string;
  @ApiProperty({ description: 'Whether the complaint was founded (有效)' }) @IsBoolean() valid: boolean;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) outcome: string;
}

export class AppealDto extends CommandEnvelopeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: `appealId ${ID_MESSAGE}` })
  appealId?: string;
  @ApiProperty({ enum: ['reconsideration', 'litigation'], description: '行政复议 / 行政诉讼' })
  @IsIn(['reconsideration', 'litigation'])
  kind: 'reconsideration' | 'litigation';
  @ApiProperty() @IsInstant() at: string;
  @ApiPropertyOptional() @IsOptional() @IsString() applicationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() itemCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) department?: string;
  @ApiPropertyOptional({ type: PersonalDataDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonalDataDto)
  appellant?: PersonalDataDto;
}

export class AppealConclusionDto extends CommandEnvelopeDto {
  @ApiProperty() @IsInstant() at: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) outcome: string;
}

export class IndicatorDto extends CommandEnvelopeDto {
  @ApiProperty({ example: 'seals-carved' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ example: 2020 }) @IsInt() @Min(1990) @Max(2100) year: number;
  @ApiProperty({ example: 55122 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) value: number;
  @ApiProperty({ example: '枚' }) @IsString() @IsNotEmpty() @MaxLength(50) unit: string;
  @ApiProperty({ example: '公章治安管理信息系统' }) @IsString() @IsNotEmpty() @MaxLength(200) source: string;
  @ApiPropertyOptional({ description: 'Business time of the report; defaults to now' })
  @IsOptional()
  @IsInstant()
  at?: string;
}
