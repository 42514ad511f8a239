import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { LedgerMetrics } from '@ledger/ledger';
import {
  LAG_COUNT_LIMIT,
  ProjectionCheckpointEntity,
  READ_MODEL_DATA_SOURCE,
  YEARLY_FIGURES,
  YearlyFiguresService,
  projectionLag,
} from '@ledger/projections';

/** Projection lag (events and seconds) and checkpoint age, measured when Prometheus scrapes. */
@Injectable()
export class ProjectionMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: LedgerMetrics,
    private readonly figures: YearlyFiguresService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const labelNames = ['projection'] as const;
    const lag = () => this.lag();
    new Gauge({
      name: 'ledger_projection_lag_events',
      help: `Events recorded but not yet applied by the live projection (counted up to ${LAG_COUNT_LIMIT})`,
      labelNames,
      registers,
      async collect() {
        const l = await lag();
        if (l) this.set({ projection: YEARLY_FIGURES }, l.events);
      },
    });
    new Gauge({
      name: 'ledger_projection_lag_seconds',
      help: 'Age of the oldest event not yet applied by the live projection (0 when caught up)',
      labelNames,
      registers,
      async collect() {
        const l = await lag();
        if (l) this.set({ projection: YEARLY_FIGURES }, l.seconds);
      },
    });
    const checkpointAge = () => this.checkpointAge();
    new Gauge({
      name: 'ledger_projection_checkpoint_age_seconds',
      help: 'Time since the projection last saved its checkpoint',
      labelNames,
      registers,
      async collect() {
        const age = await checkpointAge();
        if (age !== undefined) this.set({ projection: YEARLY_FIGURES }, age);
      },
    });
  }

  /** Only the process running the projection knows its lag. */
  private async lag(): Promise<{ events: number; seconds: number } | undefined> {
    const progress = this.figures.progress;
    return progress ? projectionLag(this.store, progress.position) : undefined;
  }

  private async checkpointAge(): Promise<number | undefined> {
    const row = await this.dataSource
      .getRepository(ProjectionCheckpointEntity)
      .findOne({ where: { name: YEARLY_FIGURES }, select: { updatedAt: true, name: true } });
    return row ? Math.max(0, (Date.now() - Date.parse(row.updatedAt)) / 1000) : undefined;
  }
}
