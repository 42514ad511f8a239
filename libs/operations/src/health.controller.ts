import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './access/roles';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EVENT_STORE, EventStore } from '@ledger/event-store';

const CHECK_TIMEOUT_MS = 3000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref())]);
}

/** Liveness (the process answers) and readiness (the event store and the read-model database answer). */
@Public()
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get(['', 'ready'])
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the event store and the read-model database answer (503 otherwise)' })
  ready() {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('event-store');
        try {
          const head = await within(this.store.headPosition(), CHECK_TIMEOUT_MS, 'the event store');
          return indicator.up({ head: head ? head.commit.toString() : null });
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      },
      () => this.database.pingCheck('read-models', { timeout: CHECK_TIMEOUT_MS }),
    ]);
  }
}
