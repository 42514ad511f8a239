import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  CalendarHistory,
  LedgerEvent,
  NotFoundError,
  Recorded,
  isCalendarEventType,
  isLedgerEventType,
} from '@ledger/domain';
import { EVENT_STORE, EventStore, positionToString } from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { decodeStoredEvent } from '@ledger/kernel';
import { LeaderElection, PostgresAdvisoryLock, SoleInstance } from '../engine/leader-election';
import { ProjectionRunner, RebuildProgress } from '../engine/projection-runner';
import { YearlyFiguresEntity } from '../read-model/yearly-figures.entity';
import { YearlyFiguresAccumulator } from '../yearly-figures/yearly-figures.accumulator';
import {
  YEARLY_FIGURES,
  YEARLY_FIGURES_VERSION,
  yearlyFiguresProjection,
} from '../yearly-figures/yearly-figures.projection';
import { FiguresQuery } from './figures-query';

export const READ_MODEL_DATA_SOURCE = Symbol('READ_MODEL_DATA_SOURCE');
/**
 * The working-day calendar the figures start from (a `CalendarHistory` of the shipped years and
 * LEDGER_CALENDAR_DIR's); the versions recorded in the ledger are read from its events.
 */
export const WORKING_DAY_CALENDAR = Symbol('WORKING_DAY_CALENDAR');
export const PROJECTIONS_OPTIONS = Symbol('PROJECTIONS_OPTIONS');

export interface ProjectionsOptions {
  /** Run the projection live in this process (the API on the embedded store; the projector worker). */
  readonly live: boolean;
  /** Save the projection's checkpoint after this many events (default 100,000) or 10 s. */
  readonly checkpointEveryEvents?: number;
  /** How often stale figure documents are refreshed from the live state. */
  readonly refreshEveryMs?: number;
  /**
   * Without a live projection here: serve stored documents because a projector process keeps
   * them current (API replicas). False (the CLI): always compute from the events.
   */
  readonly storedDocumentsAreCurrent?: boolean;
}

/** The stored document of one agency-year: the figures and their two breakdowns. */
export interface FiguresDocument {
  readonly figures: Record<string, unknown>;
  readonly departments: Record<string, unknown>;
  readonly items: Record<string, unknown>;
}

const keyOf = (agency: string, year: number) => `${agency}\u0000${year}`;

/** A stored document whose parts are parsed when first read: `GET /v1/figures/{year}` needs the 4 KB figures, not the 250 KB items breakdown. */
function storedDocument(row: YearlyFiguresEntity): FiguresDocument {
  const parsed: Partial<Record<keyof FiguresDocument, Record<string, unknown>>> = {};
  const part = (key: keyof FiguresDocument) => (parsed[key] ??= JSON.parse(row[key]) as Record<string, unknown>);
  return {
    get figures() {
      return part('figures');
    },
    get departments() {
      return part('departments');
    },
    get items() {
      return part('items');
    },
  };
}

/**
 * Serves the yearly figures. A year asked for the first time is computed from the events and
 * stored; later requests read the stored document, which the live projection refreshes whenever
 * an event could change it. As-of requests replay the events recorded by that instant.
 */
@Injectable()
export class YearlyFiguresService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('yearly-figures');
  private runner: ProjectionRunner<YearlyFiguresAccumulator> | undefined;
  /** Agency-years that have a stored document (only those are refreshed). */
  private readonly materialised = new Set<string>();
  private readonly stale = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  private election: LeaderElection | undefined;
  /** The documents this process stored while leading (see `figures`). */
  private readonly written = new Map<string, FiguresDocument>();
  private leading: Promise<void> | undefined;
  private refreshError: { message: string; at: string } | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: CalendarHistory,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(PROJECTIONS_OPTIONS) private readonly options: ProjectionsOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    // Documents written by another version of the figures are recomputed on demand.
    await this.documents()
      .createQueryBuilder()
      .delete()
      .where('projection_version <> :v', { v: YEARLY_FIGURES_VERSION })
      .execute();
    for (const row of await this.documents().find({ select: { agency: true, year: true } }))
      this.materialised.add(keyOf(row.agency, row.year));
    if (!this.options.live) return;
    // With PostgreSQL read models several processes may run the projection: one leads, the others stand by.
    this.election = this.config.databaseUrl
      ? new PostgresAdvisoryLock(this.config.databaseUrl, `ledger-projection:${YEARLY_FIGURES}`)
      : new SoleInstance();
    // A lost lock (its connection died) means another instance may lead now: stop, then queue up again.
    this.election.onLost(() => void this.stopRunner().then(() => (this.leading = this.lead())));
    this.leading = this.lead();
    // The embedded deployment has no one to wait for: start serving once caught up from the checkpoint.
    if (this.election instanceof SoleInstance) await this.leading;
  }

  /** Waits for leadership, then runs the projection live. */
  private async lead(): Promise<void> {
    await this.election!.acquire();
    if (!this.election!.isLeader) return;
    const runner = new ProjectionRunner(this.store, this.dataSource, this.projection(), {
      checkpointEveryEvents: this.options.checkpointEveryEvents,
      onApplied: (event) => {
        // A new version of the calendar judges every decision again: any document may change.
        if (isCalendarEventType(event.type)) for (const key of this.materialised) this.stale.add(key);
        if (!isLedgerEventType(event.type)) return;
        for (const { agency, year } of runner.currentState.affectedYears(event as Recorded<LedgerEvent>)) {
          this.stale.add(keyOf(agency, year));
          // The next year's document shows this one as its previousYear.
          this.stale.add(keyOf(agency, year + 1));
        }
      },
    });
    await runner.start();
    this.runner = runner;
    this.refreshTimer = setInterval(
      () =>
        void this.refreshStale().catch((e: Error) => {
          this.refreshError = { message: `refresh failed: ${e.message}`, at: new Date().toISOString() };
          this.logger.error(this.refreshError.message);
        }),
      this.options.refreshEveryMs ?? 250,
    );
    this.refreshTimer.unref();
  }

  private async stopRunner(): Promise<void> {
    this.written.clear();
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
    const runner = this.runner;
    this.runner = undefined;
    await runner?.stop();
  }

  /** True once this process runs the live projection (the leader). */
  get isActive(): boolean {
    return this.runner !== undefined;
  }

  /** True while this process waits to lead the live projection (another instance runs it). */
  get isStandby(): boolean {
    return this.options.live === true && this.runner === undefined;
  }

  /** How many times this process asked to lead and found another instance leading. */
  get leadRefusals(): number {
    return this.election?.refusals ?? 0;
  }

  /** The latest error of the live projection in this process: its subscription, checkpoint or document refresh. */
  get lastError(): { message: string; at: string } | undefined {
    const errors = [this.runner?.lastError, this.refreshError].filter(
      (e): e is { message: string; at: string } => e !== undefined,
    );
    return errors.sort((a, b) => b.at.localeCompare(a.at))[0];
  }

  /** The live runner's progress, for health and metrics. */
  get progress(): { position: string | null; applied: number } | undefined {
    const runner = this.runner;
    return runner
      ? { position: runner.currentPosition ? positionToString(runner.currentPosition) : null, applied: runner.applied }
      : undefined;
  }

  /** Before the read-model connection and the store close: the final checkpoint needs both. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.runner) await this.refreshStale();
    await this.stopRunner();
    await this.election?.release();
  }

  /** The figures document of one agency-year (with `previousYear`), or as of an instant. */
  async figures(query: FiguresQuery): Promise<FiguresDocument> {
    if (query.asOf) return this.asOf(query);
    if (!this.runner && !this.options.live && !this.options.storedDocumentsAreCurrent) {
      const state = await this.replay();
      this.requireKnownAgency(state, query.agency);
      return this.documentOf(state, query.agency, query.year, null);
    }
    if (this.runner) {
      // Read-your-writes: everything recorded before this request is counted.
      await this.runner.catchUp();
      await this.refreshStale();
      // While this process leads, every change to a stored document is written by it: the copy
      // it wrote is the stored document, without a read and a parse per request.
      const written = this.written.get(keyOf(query.agency, query.year));
      if (written) return written;
    }
    const row = await this.documents().findOneBy({ agency: query.agency, year: query.year });
    if (row) return storedDocument(row);
    const state = this.runner ? this.runner.currentState : await this.replay();
    this.requireKnownAgency(state, query.agency);
    const document = this.documentOf(state, query.agency, query.year, null);
    await this.save(query.agency, query.year, document, state.figures(query.agency, query.year).basedOn.lastPosition);
    return document;
  }

  /**
   * The documents of several agencies for one year (a region's agencies), read together: one
   * catch-up, one query for the stored documents, and at most one replay for the rest. An agency
   * without events gets the figures of no events (zeros, null rates), not a 404: a region lists
   * its agencies whether or not they have recorded anything yet.
   */
  async documentsOf(agencies: readonly string[], year: number, asOf?: string): Promise<Map<string, FiguresDocument>> {
    const found = new Map<string, FiguresDocument>();
    if (asOf !== undefined || (!this.runner && !this.options.live && !this.options.storedDocumentsAreCurrent)) {
      const state = await this.replay(asOf);
      for (const agency of agencies) found.set(agency, this.documentOf(state, agency, year, asOf ?? null));
      return found;
    }
    if (this.runner) {
      await this.runner.catchUp();
      await this.refreshStale();
    }
    const missing: string[] = [];
    for (const agency of agencies) {
      const written = this.runner ? this.written.get(keyOf(agency, year)) : undefined;
      if (written) found.set(agency, written);
      else missing.push(agency);
    }
    if (missing.length)
      for (const row of await this.documents().findBy({ agency: In(missing), year }))
        found.set(row.agency, storedDocument(row));
    const unstored = agencies.filter((agency) => !found.has(agency));
    if (unstored.length === 0) return found;
    const state = this.runner ? this.runner.currentState : await this.replay();
    const known = new Set(state.agencies());
    for (const agency of unstored) {
      const document = this.documentOf(state, agency, year, null);
      // Only an agency with events gets a stored document, so listing ids fills no table.
      if (known.has(agency)) await this.save(agency, year, document, state.figures(agency, year).basedOn.lastPosition);
      found.set(agency, document);
    }
    return found;
  }

  /** Recomputes one projection by name, whole (from the first event) or only one year's documents. */
  async rebuild(
    name: string,
    year: number | undefined,
    onProgress?: (p: RebuildProgress) => void,
  ): Promise<{ projection: string; year: number | null; eventsApplied: number; documents: number }> {
    if (name !== YEARLY_FIGURES)
      throw new NotFoundError('PROJECTION.NOT_FOUND', `no projection named ${name}; known: ${YEARLY_FIGURES}`, 'name');
    let state: YearlyFiguresAccumulator;
    let applied: number;
    if (year === undefined && this.runner) {
      await this.runner.rebuild(onProgress);
      state = this.runner.currentState;
      applied = this.runner.applied;
    } else if (year === undefined) {
      const runner = new ProjectionRunner(this.store, this.dataSource, this.projection());
      await runner.rebuild(onProgress);
      await runner.stop();
      state = runner.currentState;
      applied = runner.applied;
    } else {
      state = await this.replay(undefined, onProgress);
      applied = state.agencies().reduce((n, a) => n + state.figures(a, year).basedOn.events, 0);
    }
    let documents = 0;
    for (const key of [...this.materialised]) {
      const [agency, y] = key.split('\u0000');
      if (year !== undefined && Number(y) !== year && Number(y) !== year + 1) continue;
      await this.save(
        agency,
        Number(y),
        this.documentOf(state, agency, Number(y), null),
        state.figures(agency, Number(y)).basedOn.lastPosition,
      );
      documents++;
    }
    if (year !== undefined) {
      for (const agency of state.agencies()) {
        if (this.materialised.has(keyOf(agency, year))) continue;
        await this.save(
          agency,
          year,
          this.documentOf(state, agency, year, null),
          state.figures(agency, year).basedOn.lastPosition,
        );
        documents++;
      }
    }
    return { projection: name, year: year ?? null, eventsApplied: applied, documents };
  }

  private async asOf(query: FiguresQuery): Promise<FiguresDocument> {
    const state = await this.replay(query.asOf);
    this.requireKnownAgency(state, query.agency);
    return this.documentOf(state, query.agency, query.year, query.asOf!);
  }

  /** One pass over the store into a fresh accumulator, optionally only events recorded by `asOf`. */
  private async replay(asOf?: string, onProgress?: (p: RebuildProgress) => void): Promise<YearlyFiguresAccumulator> {
    const state = new YearlyFiguresAccumulator({ calendar: this.calendar, timeZone: this.config.timeZone });
    const head = await this.store.headPosition();
    const headText = head ? positionToString(head) : null;
    let applied = 0;
    for await (const stored of this.store.readAll()) {
      // ISO-8601 UTC strings of equal form compare in time order.
      if (asOf !== undefined && String(stored.metadata.ledgerTime) > asOf) continue;
      // Events of other types enter no figure (nor `basedOn`), but the calendar's versions judge the decisions.
      const decoded = decodeStoredEvent(stored);
      if (decoded.kind === 'fact') state.apply(decoded.event);
      else state.applyOther(decoded.event);
      applied++;
      if (onProgress && applied % 5000 === 0)
        onProgress({ applied, position: positionToString(stored.position), head: headText });
    }
    onProgress?.({ applied, position: headText, head: headText });
    return state;
  }

  private requireKnownAgency(state: YearlyFiguresAccumulator, agency: string): void {
    if (agency !== this.config.defaultAgency && !state.agencies().includes(agency)) {
      throw new NotFoundError('AGENCY.NOT_FOUND', `the ledger holds no events of agency ${agency}`, 'agency');
    }
  }

  private documentOf(
    state: YearlyFiguresAccumulator,
    agency: string,
    year: number,
    asOf: string | null,
  ): FiguresDocument {
    const hasPrevious = state.years(agency).includes(year - 1);
    const previous = hasPrevious ? state.figures(agency, year - 1) : null;
    const previousYear = previous ? { ...previous, asOf } : null;
    const header = { year, agency, asOf };
    return {
      figures: { ...header, ...state.figures(agency, year), asOf, previousYear },
      departments: {
        ...header,
        departments: state.departments(agency, year),
        previousYear: hasPrevious ? { departments: state.departments(agency, year - 1) } : null,
      },
      items: {
        ...header,
        items: state.items(agency, year),
        previousYear: hasPrevious ? { items: state.items(agency, year - 1) } : null,
      },
    };
  }

  private async refreshStale(): Promise<void> {
    this.refreshing = this.refreshing.then(async () => {
      if (!this.runner || this.stale.size === 0) return;
      const candidates = [...this.stale];
      this.stale.clear();
      // Another process (an API replica) may have stored a document since: look for it.
      for (const key of candidates) {
        if (this.materialised.has(key)) continue;
        const [agency, year] = key.split('\u0000');
        if (await this.documents().exists({ where: { agency, year: Number(year) } })) this.materialised.add(key);
      }
      const keys = candidates.filter((k) => this.materialised.has(k));
      const state = this.runner.currentState;
      for (const key of keys) {
        const [agency, year] = key.split('\u0000');
        await this.save(
          agency,
          Number(year),
          this.documentOf(state, agency, Number(year), null),
          state.figures(agency, Number(year)).basedOn.lastPosition,
        );
      }
    });
    return this.refreshing;
  }

  private async save(agency: string, year: number, document: FiguresDocument, position: string | null): Promise<void> {
    await this.documents().save({
      agency,
      year,
      figures: JSON.stringify(document.figures),
      departments: JSON.stringify(document.departments),
      items: JSON.stringify(document.items),
      basedOnPosition: position,
      projectionVersion: YEARLY_FIGURES_VERSION,
      computedAt: new Date().toISOString(),
    });
    this.materialised.add(keyOf(agency, year));
    if (this.runner) this.written.set(keyOf(agency, year), document);
  }

  private projection() {
    return yearlyFiguresProjection(this.calendar, this.config.timeZone);
  }

  private documents() {
    return this.dataSource.getRepository(YearlyFiguresEntity);
  }
}
