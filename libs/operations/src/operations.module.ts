import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { ProjectionMetrics } from './projection-metrics';
import { CalendarMetrics } from './calendar-metrics';

/** `/health` and `/metrics` for the API and the projector. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController, MetricsController],
  providers: [ProjectionMetrics, CalendarMetrics],
})
export class OperationsModule {}
