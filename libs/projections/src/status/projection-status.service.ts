import { Inject, Injectable } from '@nestjs/common';
import { DataSource, Like } from 'typeorm';
import { EVENT_STORE, EventStore, positionToString } from '@ledger/event-store';
import { READ_MODEL_DATA_SOURCE, YearlyFiguresService } from '../figures-service/yearly-figures.service';
import { ProjectionCheckpointEntity } from '../read-model/projection-checkpoint.entity';
import { YEARLY_FIGURES, YEARLY_FIGURES_VERSION } from '../yearly-figures/yearly-figures.projection';
import { ProjectionLag, projectionLag } from './projection-lag';

/** Where one projection stands, for operators (`GET /v1/admin/projections`, `ledger projections`). */
export interface ProjectionStatus {
  readonly name: string;
  /** The version of the projection's code in this process. */
  readonly version: number;
  /**
   * `live`: this process runs it; `standby`: this process waits for the leader (PostgreSQL);
   * `elsewhere`: it runs in another process (a projector, the API), seen through its checkpoint.
   */
  readonly running: 'live' | 'standby' | 'elsewhere';
  /** The last position applied: live when running here, else the saved checkpoint's. */
  readonly position: string | null;
  readonly eventsApplied: number;
  /** The saved checkpoint, or null before the first save. */
  readonly checkpoint: { readonly version: number; readonly position: string | null; readonly savedAt: string } | null;
  /** True when the saved checkpoint was written by another version: the projection rebuilds from the first event when it starts. */
  readonly rebuildPending: boolean;
  /** The store's last position. */
  readonly head: string | null;
  readonly lag: ProjectionLag;
  /** The last error the projection met in this process (null when none, or when it runs elsewhere). */
  readonly lastError: { readonly message: string; readonly at: string } | null;
}

@Injectable()
export class ProjectionStatusService {
  constructor(
    private readonly figures: YearlyFiguresService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /**
   * Every projection, by name: the yearly figures, then each partition of them that a
   * partitioned projector saved (`yearly-figures/p<k>of<P>`, LEDGER_PROJECTION_PARTITIONS).
   */
  async all(): Promise<ProjectionStatus[]> {
    return [await this.yearlyFigures(), ...(await this.partitions())];
  }

  /** The partitions' checkpoints, as this process sees them: live when it holds the partition. */
  private async partitions(): Promise<ProjectionStatus[]> {
    const rows = await this.dataSource
      .getRepository(ProjectionCheckpointEntity)
      .find({ where: { name: Like(`${YEARLY_FIGURES}/p%`) }, order: { name: 'ASC' } });
    const head = await this.store.headPosition();
    const held = new Set(this.figures.heldPartitions);
    return Promise.all(
      rows.map(async (row) => {
        const partition = /\/p(\d+)of\d+$/.exec(row.name);
        return {
          name: row.name,
          version: YEARLY_FIGURES_VERSION,
          running: partition && held.has(Number(partition[1])) ? ('live' as const) : ('elsewhere' as const),
          position: row.position,
          eventsApplied: row.eventsApplied,
          checkpoint: { version: row.version, position: row.position, savedAt: row.updatedAt },
          rebuildPending: row.version !== YEARLY_FIGURES_VERSION,
          head: head ? positionToString(head) : null,
          lag: await projectionLag(this.store, row.position),
          lastError: null,
        };
      }),
    );
  }

  private async yearlyFigures(): Promise<ProjectionStatus> {
    const saved = await this.dataSource.getRepository(ProjectionCheckpointEntity).findOneBy({ name: YEARLY_FIGURES });
    const checkpoint = saved ? { version: saved.version, position: saved.position, savedAt: saved.updatedAt } : null;
    const progress = this.figures.progress;
    const position = progress ? progress.position : (checkpoint?.position ?? null);
    const [head, lag] = await Promise.all([this.store.headPosition(), projectionLag(this.store, position)]);
    return {
      name: YEARLY_FIGURES,
      version: YEARLY_FIGURES_VERSION,
      running: progress ? 'live' : this.figures.isStandby ? 'standby' : 'elsewhere',
      position,
      eventsApplied: progress ? progress.applied : (saved?.eventsApplied ?? 0),
      checkpoint,
      rebuildPending: !progress && checkpoint !== null && checkpoint.version !== YEARLY_FIGURES_VERSION,
      head: head ? positionToString(head) : null,
      lag,
      lastError: this.figures.lastError ?? null,
    };
  }
}
