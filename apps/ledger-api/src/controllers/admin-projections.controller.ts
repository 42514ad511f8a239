import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Roles } from '@ledger/operations';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ValidationError } from '@ledger/domain';
import {
  MAX_YEAR,
  MIN_YEAR,
  ProjectionStatus,
  ProjectionStatusService,
  YearlyFiguresService,
} from '@ledger/projections';
import { ProjectionStatusDto } from '../openapi/projections.schemas';

@ApiTags('admin')
@Roles('admin')
@Controller('v1/admin/projections')
export class AdminProjectionsController {
  constructor(
    private readonly figures: YearlyFiguresService,
    private readonly status: ProjectionStatusService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Every projection: name, version, position, lag behind the store, saved checkpoint, last error',
    description: 'The same document as `ledger projections --json`.',
  })
  @ApiOkResponse({ type: [ProjectionStatusDto] })
  list(): Promise<ProjectionStatus[]> {
    return this.status.all();
  }

  @Post(':name/rebuild')
  @HttpCode(200)
  @ApiOperation({
    summary: "Rebuild a projection by name from the events: whole, or only one year's documents (?year=)",
  })
  @ApiQuery({ name: 'year', required: false })
  rebuild(@Param('name') name: string, @Query('year') year?: string) {
    if (year !== undefined && (!/^\d{4}$/.test(year) || +year < MIN_YEAR || +year > MAX_YEAR)) {
      throw new ValidationError('PROJECTION.YEAR', `year must be a number from ${MIN_YEAR} to ${MAX_YEAR}`, 'year');
    }
    return this.figures.rebuild(name, year === undefined ? undefined : Number(year));
  }
}
