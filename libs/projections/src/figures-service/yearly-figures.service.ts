import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CalendarHistory, NotFoundError, isCalendarEventType } from '@ledger/domain';
import { EVENT_STORE, EventStore, comparePositions, positionToString } from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { foldCorrectedLedger, ledgerRange } from '@ledger/kernel';
import { LeaderElection, PostgresAdvisoryLock, SoleInstance } from '../engine/leader-election';
import { ProjectionRunner, RebuildProgress } from '../engine/projection-runner';
import {
  ProjectorInstance,
  partitionName,
  partitionOf,
  partitionedProjection,
  preferredPartitions,
} from '../engine/partitions';
import { YearlyFiguresEntity } from '../read-model/yearly-figures.entity';
import { YearlyFiguresAccumulator } from '../yearly-figures/yearly-figures.accumulator';
import {
  YEARLY_FIGURES,
  YEARLY_FIGURES_VERSION,
  yearlyFiguresProjection,
} from '../yearly-figures/yearly-figures.projection';
import { FiguresQuery } from './figures-query';
import { agencyNotFound } from '@ledger/ledger/tenancy/not-found';

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
  /**
   * Partitions of the projection by agency (default 1): each is held through its own advisory
   * lock, so several projector instances share the work (see `engine/partitions.ts`).
   */
  readonly partitions?: number;
  /** This instance's preferred share of the partitions; without it, it prefers every one. */
  readonly instance?: ProjectorInstance;
  /** How long a partition another instance prefers must stay free before this one takes it over (default 5 s). */
  readonly takeoverAfterMs?: number;
  /** How often a waiting instance asks for a lock again (default 2 s). */
  readonly lockRetryMs?: number;
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
  /** The live runners, by partition: those whose lock this process holds. */
  private readonly runners = new Map<number, ProjectionRunner<YearlyFiguresAccumulator>>();
  private readonly partitions: number;
  /** Agency-years that have a stored document (only those are refreshed). */
  private readonly materialised = new Set<string>();
  private readonly stale = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  private readonly elections = new Map<number, LeaderElection>();
  private shuttingDown = false;
  /** The documents this process stored while leading (see `figures`). */
  private readonly written = new Map<string, FiguresDocument>();
  private refreshError: { message: string; at: string } | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: CalendarHistory,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(PROJECTIONS_OPTIONS) private readonly options: ProjectionsOptions,
  ) {
    this.partitions = options.partitions ?? 1;
  }

  /** The runner of the agency's partition, when this process holds it. */
  private runnerOf(agency: string): ProjectionRunner<YearlyFiguresAccumulator> | undefined {
    return this.runners.get(partitionOf(agency, this.partitions));
  }

  private partitionOfKey(key: string): number {
    return partitionOf(key.slice(0, key.indexOf('\u0000')), this.partitions);
  }

  /** The partitions this process projects now, ascending. */
  get heldPartitions(): number[] {
    return [...this.runners.keys()].sort((a, b) => a - b);
  }

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
    // With PostgreSQL read models several processes may run the projection: each partition is
    // led by one of them (its advisory lock), the others stand by for it.
    const databaseUrl = this.config.databaseUrl;
    const preferred = new Set(databaseUrl ? preferredPartitions(this.partitions, this.options.instance) : []);
    const leading: Promise<void>[] = [];
    for (let p = 0; p < this.partitions; p++) {
      const election = databaseUrl
        ? new PostgresAdvisoryLock(
            databaseUrl,
            `ledger-projection:${partitionName(YEARLY_FIGURES, p, this.partitions)}`,
            this.options.lockRetryMs,
          )
        : new SoleInstance();
      this.elections.set(p, election);
      const takeOver = databaseUrl !== undefined && !preferred.has(p);
      // A lost lock (its connection died) means another instance may lead now: stop, then queue up again.
      election.onLost(() => void this.stopRunner(p).then(() => this.lead(p, takeOver)));
      leading.push(this.lead(p, takeOver));
    }
    // The embedded deployment has no one to wait for: start serving once caught up from the checkpoint.
    if (!databaseUrl) await Promise.all(leading);
  }

  /**
   * Waits for the partition's lock, then runs it live. A partition another instance prefers is
   * asked for only after it stayed free for a while, so that instance gets its own share first
   * and this one takes it over only when that instance is gone.
   */
  private async lead(p: number, takeOver: boolean): Promise<void> {
    const election = this.elections.get(p)!;
    if (takeOver) await new Promise((resolve) => setTimeout(resolve, this.options.takeoverAfterMs ?? 5000).unref());
    if (this.shuttingDown) return;
    await election.acquire();
    if (!election.isLeader || this.shuttingDown) return;
    const runner = new ProjectionRunner(
      this.store,
      this.dataSource,
      partitionedProjection(this.projection(), p, this.partitions),
      {
        checkpointEveryEvents: this.options.checkpointEveryEvents,
        // Folded again as corrected: a correction may move a fact to another year, department or outcome.
        onRefolded: () => {
          for (const key of this.materialised) if (this.partitionOfKey(key) === p) this.stale.add(key);
        },
        onApplied: (decoded) => {
          const event = decoded.event;
          // A new version of the calendar judges every decision again: any document may change.
          if (isCalendarEventType(event.type))
            for (const key of this.materialised) if (this.partitionOfKey(key) === p) this.stale.add(key);
          if (decoded.kind !== 'fact') return;
          // Another partition's fact: that partition's runner refreshes its documents.
          if (partitionOf(String(event.metadata.agency), this.partitions) !== p) return;
          for (const { agency, year } of runner.currentState.affectedYears(decoded.event)) {
            this.stale.add(keyOf(agency, year));
            // The next year's document shows this one as its previousYear.
            this.stale.add(keyOf(agency, year + 1));
          }
        },
      },
    );
    await runner.start();
    this.runners.set(p, runner);
    this.refreshTimer ??= setInterval(
      () =>
        void this.refreshStale().catch((e: Error) => {
          this.refreshError = { message: `refresh failed: ${e.message}`, at: new Date().toISOString() };
          this.logger.error(this.refreshError.message);
        }),
      this.options.refreshEveryMs ?? 250,
    );
    this.refreshTimer.unref();
  }

  private async stopRunner(p: number): Promise<void> {
    for (const key of [...this.written.keys()]) if (this.partitionOfKey(key) === p) this.written.delete(key);
    const runner = this.runners.get(p);
    this.runners.delete(p);
    if (this.runners.size === 0 && this.refreshTimer) {
      clearInterval(this.refreshTimer);
      this.refreshTimer = undefined;
    }
    await runner?.stop();
  }

  /** True once this process runs the live projection (the leader). */
  get isActive(): boolean {
    return this.runners.size > 0;
  }

  /** True while this process waits to lead the live projection (another instance runs it). */
  get isStandby(): boolean {
    return this.options.live === true && this.runners.size === 0;
  }

  /** How many times this process asked to lead a partition and found another instance leading it. */
  get leadRefusals(): number {
    return [...this.elections.values()].reduce((n, election) => n + election.refusals, 0);
  }

  /** The latest error of the live projection in this process: its subscription, checkpoint or document refresh. */
  get lastError(): { message: string; at: string } | undefined {
    const errors = [...[...this.runners.values()].map((r) => r.lastError), this.refreshError].filter(
      (e): e is { message: string; at: string } => e !== undefined,
    );
    return errors.sort((a, b) => b.at.localeCompare(a.at))[0];
  }

  /** The live runners' progress, for health and metrics: the partition furthest behind. */
  get progress(): { position: string | null; applied: number } | undefined {
    const runner = [...this.runners.values()].sort((a, b) =>
      a.currentPosition && b.currentPosition
        ? comparePositions(a.currentPosition, b.currentPosition)
        : a.currentPosition
          ? 1
          : b.currentPosition
            ? -1
            : 0,
    )[0];
    return runner
      ? { position: runner.currentPosition ? positionToString(runner.currentPosition) : null, applied: runner.applied }
      : undefined;
  }

  /** Before the read-model connection and the store close: the final checkpoint needs both. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.runners.size > 0) await this.refreshStale();
    for (const p of [...this.runners.keys()]) await this.stopRunner(p);
    for (const election of this.elections.values()) await election.release();
  }

  /** The figures document of one agency-year (with `previousYear`), or as of an instant. */
  async figures(query: FiguresQuery): Promise<FiguresDocument> {
    if (query.asOf) return this.asOf(query);
    if (!this.options.live && !this.options.storedDocumentsAreCurrent) {
      const state = await this.replay();
      this.requireKnownAgency(state, query.agency);
      return this.documentOf(state, query.agency, query.year, null);
    }
    const runner = this.runnerOf(query.agency);
    if (runner) {
      // Read-your-writes: everything recorded before this request is counted.
      await runner.catchUp();
      await this.refreshStale();
      // While this process leads, every change to a stored document is written by it: the copy
      // it wrote is the stored document, without a read and a parse per request.
      const written = this.written.get(keyOf(query.agency, query.year));
      if (written) return written;
    }
    const row = await this.documents().findOneBy({ agency: query.agency, year: query.year });
    if (row) return storedDocument(row);
    const state = runner ? runner.currentState : await this.replay();
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
    if (asOf !== undefined || (!this.options.live && !this.options.storedDocumentsAreCurrent)) {
      const state = await this.replay(asOf);
      for (const agency of agencies) found.set(agency, this.documentOf(state, agency, year, asOf ?? null));
      return found;
    }
    const runners = new Set(agencies.map((agency) => this.runnerOf(agency)));
    for (const runner of runners) await runner?.catchUp();
    if (this.runners.size > 0) await this.refreshStale();
    const missing: string[] = [];
    for (const agency of agencies) {
      const written = this.runnerOf(agency) ? this.written.get(keyOf(agency, year)) : undefined;
      if (written) found.set(agency, written);
      else missing.push(agency);
    }
    if (missing.length)
      for (const row of await this.documents().findBy({ agency: In(missing), year }))
        found.set(row.agency, storedDocument(row));
    const unstored = agencies.filter((agency) => !found.has(agency));
    if (unstored.length === 0) return found;
    let replayed: YearlyFiguresAccumulator | undefined;
    for (const agency of unstored) {
      const state = this.runnerOf(agency)?.currentState ?? (replayed ??= await this.replay());
      const known = new Set(state.agencies());
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
    /** `checkpoint`: the checkpoint row being rebuilt (one after the other when there are partitions). */
    onProgress?: (p: RebuildProgress & { readonly checkpoint?: string }) => void,
  ): Promise<{
    projection: string;
    year: number | null;
    eventsApplied: number;
    documents: number;
    /** The checkpoint rows rebuilt from the first event, in partition order (none for one year's documents). */
    checkpoints: string[];
  }> {
    if (name !== YEARLY_FIGURES)
      throw new NotFoundError('PROJECTION.NOT_FOUND', `no projection named ${name}; known: ${YEARLY_FIGURES}`, 'name');
    // Undefined for an agency of a partition another instance holds: its documents are that instance's.
    let stateOf: (agency: string) => YearlyFiguresAccumulator | undefined;
    let applied: number;
    const checkpoints: string[] = [];
    if (year === undefined) {
      // Every partition this process holds is rebuilt live (another instance's are its own to
      // rebuild). Holding none (the CLI, an API replica), every partition's checkpoint row: a
      // projector instance started afterwards resumes each partition from its rebuilt checkpoint.
      const states = new Map<number, YearlyFiguresAccumulator>();
      applied = 0;
      const partitions =
        this.runners.size > 0 ? [...this.runners.keys()].sort((a, b) => a - b) : preferredPartitions(this.partitions);
      for (const p of partitions) {
        const checkpoint = partitionName(YEARLY_FIGURES, p, this.partitions);
        const progress = onProgress && ((r: RebuildProgress) => onProgress({ ...r, checkpoint }));
        let runner = this.runners.get(p);
        if (runner) await runner.rebuild(progress);
        else {
          runner = new ProjectionRunner(
            this.store,
            this.dataSource,
            partitionedProjection(this.projection(), p, this.partitions),
          );
          await runner.rebuild(progress);
          await runner.stop();
        }
        states.set(p, runner.currentState);
        applied = Math.max(applied, runner.applied);
        checkpoints.push(checkpoint);
      }
      stateOf = (agency) => states.get(this.partitions === 1 ? 0 : partitionOf(agency, this.partitions));
    } else {
      const state = await this.replay(undefined, onProgress);
      stateOf = () => state;
      applied = state.agencies().reduce((n, a) => n + state.figures(a, year).basedOn.events, 0);
    }
    let documents = 0;
    for (const key of [...this.materialised]) {
      const [agency, y] = key.split('\u0000');
      if (year !== undefined && Number(y) !== year && Number(y) !== year + 1) continue;
      const state = stateOf(agency);
      if (!state) continue;
      await this.save(
        agency,
        Number(y),
        this.documentOf(state, agency, Number(y), null),
        state.figures(agency, Number(y)).basedOn.lastPosition,
      );
      documents++;
    }
    const state = year === undefined ? undefined : stateOf('');
    if (year !== undefined && state) {
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
    return { projection: name, year: year ?? null, eventsApplied: applied, documents, checkpoints };
  }

  private async asOf(query: FiguresQuery): Promise<FiguresDocument> {
    const state = await this.replay(query.asOf);
    this.requireKnownAgency(state, query.agency);
    return this.documentOf(state, query.agency, query.year, query.asOf!);
  }

  /**
   * The store folded into a fresh accumulator, optionally only events recorded by `asOf`, facts
   * as corrected by the corrections recorded by then (one pass; two when the events hold a
   * correction, see `foldCorrectedLedger`).
   */
  private async replay(asOf?: string, onProgress?: (p: RebuildProgress) => void): Promise<YearlyFiguresAccumulator> {
    const head = await this.store.headPosition();
    const headText = head ? positionToString(head) : null;
    const events = await ledgerRange(this.store, { asOf });
    let applied = 0;
    const { state } = await foldCorrectedLedger(events, {
      initial: () => {
        applied = 0;
        return new YearlyFiguresAccumulator({ calendar: this.calendar, timeZone: this.config.timeZone });
      },
      apply: (state, decoded, stored) => {
        // Events of other types enter no figure (nor `basedOn`), but the calendar's versions judge the decisions.
        if (decoded.kind === 'fact') state.apply(decoded.event);
        else state.applyOther(decoded.event);
        applied++;
        if (onProgress && applied % 5000 === 0)
          onProgress({ applied, position: positionToString(stored.position), head: headText });
        return state;
      },
    });
    onProgress?.({ applied, position: headText, head: headText });
    return state;
  }

  private requireKnownAgency(state: YearlyFiguresAccumulator, agency: string): void {
    if (agency !== this.config.defaultAgency && !state.agencies().includes(agency)) {
      throw agencyNotFound(agency);
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
      if (this.runners.size === 0 || this.stale.size === 0) return;
      const candidates = [...this.stale];
      this.stale.clear();
      // Another process (an API replica) may have stored a document since: look for it.
      for (const key of candidates) {
        if (this.materialised.has(key)) continue;
        const [agency, year] = key.split('\u0000');
        if (await this.documents().exists({ where: { agency, year: Number(year) } })) this.materialised.add(key);
      }
      const keys = candidates.filter((k) => this.materialised.has(k));
      for (const key of keys) {
        const [agency, year] = key.split('\u0000');
        const state = this.runnerOf(agency)?.currentState;
        if (!state) continue;
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
    // One statement (INSERT … ON CONFLICT DO UPDATE), not save()'s select-then-insert: two readers
    // filling the same missing document at once (a region's roll-up and standings) must both succeed.
    await this.documents().upsert(
      {
        agency,
        year,
        figures: JSON.stringify(document.figures),
        departments: JSON.stringify(document.departments),
        items: JSON.stringify(document.items),
        basedOnPosition: position,
        projectionVersion: YEARLY_FIGURES_VERSION,
        computedAt: new Date().toISOString(),
      },
      ['agency', 'year'],
    );
    this.materialised.add(keyOf(agency, year));
    if (this.runnerOf(agency)) this.written.set(keyOf(agency, year), document);
  }

  private projection() {
    return yearlyFiguresProjection(this.calendar, this.config.timeZone);
  }

  private documents() {
    return this.dataSource.getRepository(YearlyFiguresEntity);
  }
}
