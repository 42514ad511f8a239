import { Body, Controller, Get, HttpCode, Inject, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CALENDAR_ERRORS, CalendarVersion, NotFoundError, ValidationError } from '@ledger/domain';
import { CalendarStore, LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger';
import { Roles, principalOf, requireWriteForAll } from '@ledger/operations';
import {
  CalendarDto,
  CalendarLoadResultDto,
  CalendarVersionDetailDto,
  CalendarYearBodyDto,
  CalendarYearDto,
} from '../openapi/calendar.schemas';

const YEAR_PARAM = { name: 'year', description: 'A four-digit year, e.g. 2027' };

@ApiTags('calendar')
@Controller('v1')
export class CalendarController {
  constructor(
    private readonly calendars: CalendarStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Put('admin/calendar/:year')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Record a year of the working-day calendar, or correct it',
    description:
      'Recorded as a CalendarYearRecorded.v1 event on the stream calendar-all.CN with its source and version. ' +
      'A year that already has a version (shipped or recorded) is corrected by a new version that supersedes it, ' +
      'with a reason (CALENDAR.CORRECTION_WITHOUT_REASON otherwise); the same year again records nothing (unchanged: true). ' +
      'Rules: real YYYY-MM-DD dates inside the year, none listed twice nor both a holiday and a make-up day, ' +
      'make-up days on a Saturday or Sunday, the source named. Figures, checks and replays count with it from the instant ' +
      'it is recorded. The same as `ledger calendar load <file> [--reason]`.',
  })
  @ApiParam(YEAR_PARAM)
  @ApiBody({ type: CalendarYearBodyDto })
  @ApiOkResponse({ type: CalendarLoadResultDto })
  // The body is checked by the domain's rules (validateCalendarYear), which name the field and the rule.
  load(
    @Param('year') rawYear: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
  ): Promise<CalendarLoadResultDto> {
    const year = parseYear(rawYear);
    const { reason, ...definition } = body;
    if (definition.year !== undefined && definition.year !== year)
      throw new ValidationError(
        CALENDAR_ERRORS.YEAR_MISMATCH,
        `year in the body (${JSON.stringify(definition.year)}) must equal the year in the path (${year})`,
        'year',
      );
    const principal = principalOf(req);
    requireWriteForAll(principal, 'the working-day calendar');
    return this.calendars.load(
      { ...definition, year },
      reason,
      { actor: principal?.actor ?? 'anonymous', principal: principal?.id },
      this.config.defaultAgency,
    );
  }

  @Get('calendar')
  @Roles('reporting', 'supervisor', 'legal', 'admin')
  @ApiOperation({
    summary: 'The working-day calendar in force: the version of each year, with its source',
    description:
      "warning: from 1 November, while next year's calendar is not loaded (as /health/ready and /metrics say)",
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 instant: the calendar as the ledger held it then' })
  @ApiOkResponse({ type: CalendarDto })
  async calendar(@Query('asOf') asOf?: string): Promise<CalendarDto> {
    const view = await this.calendars.view(asOf || undefined);
    return {
      asOf: asOf ? new Date(Date.parse(asOf)).toISOString() : null,
      versions: [...view.versions],
      warning: await this.calendars.warning(),
    };
  }

  @Get('calendar/:year')
  @Roles('reporting', 'supervisor', 'legal', 'admin')
  @ApiOperation({ summary: 'One year of the calendar: the version in force with its dates, and every version' })
  @ApiParam(YEAR_PARAM)
  @ApiOkResponse({ type: CalendarYearDto })
  async year(@Param('year') rawYear: string): Promise<CalendarYearDto> {
    const year = parseYear(rawYear);
    const history = await this.calendars.history();
    const standing = history.current(year);
    if (!standing)
      throw new NotFoundError(CALENDAR_ERRORS.YEAR_NOT_LOADED, `the ledger holds no calendar for ${year}`, 'year');
    return {
      year,
      standing: detail(standing),
      versions: history.all.filter((v) => v.year === year).map(detail),
    };
  }
}

function parseYear(raw: string): number {
  if (!/^\d{4}$/.test(raw))
    throw new ValidationError(CALENDAR_ERRORS.MALFORMED_YEAR, `year must be a four-digit year, got "${raw}"`, 'year');
  return Number(raw);
}

function detail(v: CalendarVersion): CalendarVersionDetailDto {
  return {
    region: v.region,
    year: v.year,
    version: v.version,
    source: v.source,
    recordedAt: v.recordedAt,
    holidays: [...v.definition.holidays],
    makeupWorkdays: [...v.definition.makeupWorkdays],
    ...(v.supersedes === undefined ? {} : { supersedes: v.supersedes, reason: v.reason }),
  };
}
