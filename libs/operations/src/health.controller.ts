import { Controller, Get, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './access/roles';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CheckpointScheduler } from '@ledger/integrity';

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
    private readonly modules: ModuleRef,
  ) {}

  /** The API's checkpoint schedule, from whichever module provides it; the projector has none. */
  private get checkpoints(): CheckpointScheduler | undefined {
    try {
      return this.modules.get(CheckpointScheduler, { strict: false });
    } catch {
      return undefined;
    }
  }

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
      async () => {
        const indicator = this.indicators.check('checkpoints');
        const state = this.checkpoints?.health();
        if (!state || state.healthy) return indicator.up({ ...(state?.lastSuccessAt && { lastSuccessAt: state.lastSuccessAt }) });
        return indicator.down({ message: state.lastFailure?.message, consecutiveFailures: state.consecutiveFailures, since: state.lastFailure?.at });
      },
    ]);
  }
}
