import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CommandEnvelopeDto } from '../commands/command-envelope.dto';
import { ID_MESSAGE, ID_PATTERN, IsInstant } from '../commands/validation';

export class RegisterItemDto extends CommandEnvelopeDto {
  @ApiProperty({ example: 'JD-001', description: "The item's code in the agency's catalogue." })
  @IsString()
  @Matches(ID_PATTERN, { message: `code ${ID_MESSAGE}` })
  code: string;

  @ApiProperty({ example: '第一类易制毒化学品购买许可' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '禁毒', description: "The agency's own department name; figures are keyed by it." })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  department: string;

  @ApiProperty({ example: 20, description: '法定时限, working days' })
  @IsInt()
  @Min(1)
  @Max(365)
  statutoryDays: number;

  @ApiProperty({ example: 5, description: '承诺时限, working days (not more than the statutory limit)' })
  @IsInt()
  @Min(0)
  @Max(365)
  promisedDays: number;

  @ApiProperty({ enum: ['immediate', 'promised'], description: '即办件 / 承诺件' })
  @IsIn(['immediate', 'promised'])
  handlingType: 'immediate' | 'promised';

  @ApiProperty({ example: 0, description: '到现场次数' })
  @IsInt()
  @Min(0)
  @Max(20)
  requiredVisits: number;

  @ApiProperty({ description: '全程网办' }) @IsBoolean() fullyOnline: boolean;
  @ApiProperty({ description: 'Listed in the standard catalogue 标准化目录' })
  @IsBoolean()
  inStandardCatalogue: boolean;
  @ApiProperty({ description: 'Entered in the online service hall 网上办事大厅' }) @IsBoolean() inOnlineHall: boolean;
  @ApiProperty({ description: 'False where the law forbids disclosing decisions (exit-entry)' })
  @IsBoolean()
  disclosable: boolean;

  @ApiProperty({ example: '2020-01-01T00:00:00+08:00', description: 'When the item enters into force' })
  @IsInstant()
  effectiveFrom: string;
}

export class AmendItemDto extends CommandEnvelopeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) department?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(365) statutoryDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(365) promisedDays?: number;
  @ApiPropertyOptional({ enum: ['immediate', 'promised'] })
  @IsOptional()
  @IsIn(['immediate', 'promised'])
  handlingType?: 'immediate' | 'promised';
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(20) requiredVisits?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() fullyOnline?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() inStandardCatalogue?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() inOnlineHall?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disclosable?: boolean;
  @ApiProperty({ example: '2021-01-01T00:00:00+08:00', description: 'When the amendment takes effect' })
  @IsInstant()
  effectiveFrom: string;
}

export class RetireItemDto extends CommandEnvelopeDto {
  @ApiProperty({ example: '2021-01-01T00:00:00+08:00' }) @IsInstant() effectiveFrom: string;
  @ApiProperty({ example: '事项取消' }) @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}
