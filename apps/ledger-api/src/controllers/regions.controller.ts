import { Body, Controller, Get, HttpCode, Inject, Put, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { NotFoundError } from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig, RegionHierarchyStore } from '@ledger/ledger';
import { Roles, principalOf, requireWriteForAll } from '@ledger/operations';
import { RegionHierarchyBodyDto, RegionHierarchyDto, RegionLoadResultDto } from '../openapi/regions.schemas';

@ApiTags('regions')
@Controller('v1')
export class RegionsController {
  constructor(
    private readonly regions: RegionHierarchyStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Put('admin/regions')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Load a new version of the region hierarchy (province → city → county/district → agency)',
    description:
      'Replaces the hierarchy as a whole; recorded as a RegionHierarchyLoaded.v1 event on the stream region-all.hierarchy with its version. ' +
      'Rules: unique codes and agency ids; a city lies in a province, a county or district in a city; every agency in a listed region. ' +
      'The same hierarchy again records nothing (unchanged: true). The same as `ledger regions load <file>`.',
  })
  @ApiBody({ type: RegionHierarchyBodyDto })
  @ApiOkResponse({ type: RegionLoadResultDto })
  // The body is checked by the domain's rules (parseRegionHierarchy), which name the field and the rule.
  load(@Body() body: Record<string, unknown>, @Req() req: Request): Promise<RegionLoadResultDto> {
    const principal = principalOf(req);
    requireWriteForAll(principal, 'the region hierarchy');
    return this.regions.load(
      body,
      { actor: principal?.actor ?? 'anonymous', principal: principal?.id },
      this.config.defaultAgency,
    );
  }

  @Get('regions')
  @Roles('reporting', 'supervisor', 'legal', 'admin')
  @ApiOperation({ summary: 'The region hierarchy in force, with its version' })
  @ApiOkResponse({ type: RegionHierarchyDto })
  async hierarchy(): Promise<RegionHierarchyDto> {
    const hierarchy = await this.regions.current();
    if (!hierarchy) throw new NotFoundError('REGION.NONE_LOADED', 'no region hierarchy has been loaded yet', 'region');
    return { version: hierarchy.version, ...hierarchy.definition } as RegionHierarchyDto;
  }
}
