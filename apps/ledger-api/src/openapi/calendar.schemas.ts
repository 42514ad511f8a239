import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const DATE = { type: 'string', format: 'date', example: '2027-01-01' } as const;

export class CalendarYearBodyDto {
  @ApiProperty({ example: 'CN', description: 'The region the arrangement applies to; the ledger counts in CN' })
  readonly region: string;
  @ApiProperty({ example: 2027, description: 'Must equal the year in the path' })
  readonly year: number;
  @ApiProperty({
    type: 'array',
    items: DATE,
    description: 'Rest days (放假), all inside the year; weekend days inside a break may be listed too',
  })
  readonly holidays: string[];
  @ApiProperty({
    type: 'array',
    items: DATE,
    description: 'Saturdays and Sundays worked to make up for a bridged holiday (调休上班), all inside the year',
  })
  readonly makeupWorkdays: string[];
  @ApiProperty({
    example: '国务院办公厅关于2027年部分节假日安排的通知',
    description: 'The notice the arrangement comes from',
  })
  readonly source: string;
  @ApiPropertyOptional({
    description:
      'Why the version standing is corrected; required when the year already has a version (shipped or recorded)',
  })
  readonly reason?: string;
}

export class CalendarVersionDto {
  @ApiProperty({ example: 'CN' }) readonly region: string;
  @ApiProperty({ example: 2027 }) readonly year: number;
  @ApiProperty({ example: 1, description: '1 for a shipped year or the first recording, one more per correction' })
  readonly version: number;
  @ApiProperty({ description: 'The notice the arrangement comes from' }) readonly source: string;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'Ledger time it was recorded; null for a shipped year, which counts as recorded from the start',
  })
  readonly recordedAt: string | null;
}

export class CalendarVersionDetailDto extends CalendarVersionDto {
  @ApiProperty({ type: 'array', items: DATE }) readonly holidays: string[];
  @ApiProperty({ type: 'array', items: DATE }) readonly makeupWorkdays: string[];
  @ApiPropertyOptional({ description: 'The version this one superseded' }) readonly supersedes?: number;
  @ApiPropertyOptional({ description: 'Why it superseded it' }) readonly reason?: string;
}

export class CalendarWarningDto {
  @ApiProperty({ enum: ['CALENDAR.NEXT_YEAR_MISSING'] }) readonly code: 'CALENDAR.NEXT_YEAR_MISSING';
  @ApiProperty({ example: 2027, description: 'The year without data' }) readonly year: number;
  @ApiProperty({ description: 'What it means and how to load the year' }) readonly message: string;
}

export class CalendarDto {
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'The instant asked for; null for the calendar standing now',
  })
  readonly asOf: string | null;
  @ApiProperty({ type: [CalendarVersionDto], description: 'The version of each year in force, by year' })
  readonly versions: CalendarVersionDto[];
  @ApiProperty({
    type: CalendarWarningDto,
    nullable: true,
    description:
      "From 1 November (the server's business clock, in the ledger's time zone) while next year's calendar is missing; null otherwise",
  })
  readonly warning: CalendarWarningDto | null;
}

export class CalendarYearDto {
  @ApiProperty({ example: 2027 }) readonly year: number;
  @ApiProperty({ type: CalendarVersionDetailDto, description: 'The version in force' })
  readonly standing: CalendarVersionDetailDto;
  @ApiProperty({ type: [CalendarVersionDetailDto], description: 'Every version of the year, oldest first' })
  readonly versions: CalendarVersionDetailDto[];
}

export class CalendarLoadResultDto {
  @ApiProperty({ example: 'calendar-all.CN' }) readonly streamId: string;
  @ApiProperty({ example: 2027 }) readonly year: number;
  @ApiProperty({ description: 'The version standing after the load' }) readonly version: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The version superseded; null when none was' })
  readonly supersedes: number | null;
  @ApiProperty() readonly source: string;
  @ApiProperty({ type: 'integer', nullable: true }) readonly revision: number | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly position: string | null;
  @ApiProperty({ type: [String] }) readonly eventIds: string[];
  @ApiProperty({ description: 'True when the year equals the version standing: nothing was recorded' })
  readonly unchanged: boolean;
}
