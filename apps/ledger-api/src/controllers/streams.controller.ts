import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetStreamEvents } from '@ledger/ledger';

@ApiTags('streams')
@Controller('v1/streams')
export class StreamsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':streamId/events')
  @ApiOperation({ summary: "A stream's events in order", description: 'Personal data (applicant, complainant, appellant) is withheld and shown as a placeholder.' })
  async events(@Param('streamId') streamId: string) {
    return this.queries.execute(new GetStreamEvents(streamId, false));
  }
}
