import { Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Roles } from '@ledger/operations';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ValidationError } from '@ledger/domain';
import { MAX_YEAR, MIN_YEAR, YearlyFiguresService } from '@ledger/projections';

@ApiTags('admin')
@Roles('admin')
@Controller('v1/admin/projections')
export class AdminProjectionsController {
  constructor(private readonly figures: YearlyFiguresService) {}

  @Post(':name/rebuild')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rebuild a projection by name from the events: whole, or only one year\'s documents (?year=)' })
  @ApiQuery({ name: 'year', required: false })
  rebuild(@Param('name') name: string, @Query('year') year?: string) {
    if (year !== undefined && (!/^\d{4}$/.test(year) || +year < MIN_YEAR || +year > MAX_YEAR)) {
      throw new ValidationError('PROJECTION.YEAR', `year must be a number from ${MIN_YEAR} to ${MAX_YEAR}`, 'year');
    }
    return this.figures.rebuild(name, year === undefined ? undefined : Number(year));
  }
}
