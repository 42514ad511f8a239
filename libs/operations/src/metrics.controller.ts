import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './access/roles';
import { LedgerMetrics } from '@ledger/ledger';

@Public()
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics: commands and appends by type and outcome, projection lag and checkpoint age',
  })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
