import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './access/roles';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CheckpointScheduler } from '@ledger/integrity';
import { CalendarStore, StorageHealth } from '@ledger/ledger';

const CHECK_TIMEOUT_MS = 3000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}

/** Liveness (the process answers) and readiness (the event store and the read-model database answer, and writes are not refused for full storage). */
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
    private readonly storage: StorageHealth,
    private readonly calendars: CalendarStore,
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
  @ApiOperation({
    summary: 'Readiness: the event store and the read-model database answer (503 otherwise)',
    description:
      "Ready with warnings stays 200: from 1 November, when next year's working-day calendar is not loaded, " +
      '`warnings` holds CALENDAR.NEXT_YEAR_MISSING (also under info.calendar).',
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    try {
      const result = await this.checkReadiness();
      const warning = (result.info?.calendar as { warning?: { code: string } } | undefined)?.warning;
      return warning ? { ...result, warnings: [warning] } : result;
    } catch (error) {
      // Terminus says "not ready" by throwing a 503 that holds the indicators. Answered here, so
      // that the caller sees which check failed and why (the problem filter would reduce it to
      // "Service Unavailable"), and a probe polling a sick instance does not fill the error log.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    }
  }

  private checkReadiness() {
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
        if (!state || state.healthy)
          return indicator.up({ ...(state?.lastSuccessAt && { lastSuccessAt: state.lastSuccessAt }) });
        return indicator.down({
          message: state.lastFailure?.message,
          consecutiveFailures: state.consecutiveFailures,
          since: state.lastFailure?.at,
        });
      },
      // Never down: a missing next year is a warning to act on before deadlines run into it.
      async () => {
        const indicator = this.indicators.check('calendar');
        try {
          const warning = await within(this.calendars.warning(), CHECK_TIMEOUT_MS, 'the calendar');
          return warning ? indicator.up({ warning }) : indicator.up();
        } catch (error) {
          // The event store's own check above reports it unreachable; the calendar is no reason to be unready.
          return indicator.up({ unknown: (error as Error).message });
        }
      },
      // Reads may still work on a full disk, but an API that cannot record facts is not ready.
      () => {
        const indicator = this.indicators.check('event-store-writes');
        const status = this.storage.status();
        return status.writable
          ? indicator.up()
          : indicator.down({
              message: 'writes are refused: storage full',
              failingSince: status.failingSince,
              failures: status.failures,
            });
      },
    ]);
  }
}
