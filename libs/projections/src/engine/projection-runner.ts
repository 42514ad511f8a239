import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  EventStore,
  Position,
  RecordedEvent,
  Subscription,
  comparePositions,
  parsePosition,
  positionToString,
  readAllAheadThrough,
} from '@ledger/event-store';
import { DecodedEvent, LedgerCorrections } from '@ledger/kernel';
import { ProjectionCheckpointEntity } from '../read-model/projection-checkpoint.entity';
import { Projection } from './projection';

export interface RunnerOptions {
  /** Save the checkpoint (with the state) after this many applied events… */
  readonly checkpointEveryEvents?: number;
  /** …or after this long, whichever comes first. */
  readonly checkpointEveryMs?: number;
  /** Called after each applied event, as decoded (e.g. to mark read-model documents stale). */
  readonly onApplied?: (decoded: DecodedEvent) => void;
  /** Called after the state was folded again from the first event (a correction came): any document may have changed. */
  readonly onRefolded?: () => void;
}

export interface RebuildProgress {
  readonly applied: number;
  readonly position: string | null;
  readonly head: string | null;
}

/**
 * Runs one projection as a catch-up-then-live subscription. The state and the position it
 * reflects are saved together in one row, in one transaction, so a restart (or a crash)
 * resumes exactly where the saved state stands: replaying never counts an event twice.
 */
export class ProjectionRunner<S> {
  private readonly logger: Logger;
  private state: S;
  private position: Position | undefined;
  private eventsApplied = 0;
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private unsavedEvents = 0;
  private lastSave = 0;
  private waiters: { target: Position; resolve: () => void }[] = [];
  private idleSaver: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private latestError: { message: string; at: string } | undefined;
  /** The corrections met, applied to every fact folded in (see `LedgerCorrections`). */
  private corrections = new LedgerCorrections();
  private refolds = 0;
  /** A correction was met whose refold has not run yet: the state still counts a fact as first recorded. */
  private refoldPending = false;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projection: Projection<S>,
    private readonly options: RunnerOptions = {},
  ) {
    this.logger = new Logger(`projection:${projection.name}`);
    this.state = projection.initialState();
  }

  get currentState(): S {
    return this.state;
  }

  get currentPosition(): Position | undefined {
    return this.position;
  }

  get applied(): number {
    return this.eventsApplied;
  }

  /** How many times the state was folded again from the first event because a correction came. */
  get refolded(): number {
    return this.refolds;
  }

  /** The last error met (the subscription stopped, a checkpoint could not be saved), for the status page. */
  get lastError(): { message: string; at: string } | undefined {
    return this.latestError;
  }

  private noteError(what: string, error: unknown): string {
    const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    this.latestError = { message, at: new Date().toISOString() };
    return message;
  }

  /** Loads the checkpoint (or rebuilds when the projection's version changed), then runs live. */
  async start(): Promise<void> {
    const saved = await this.checkpoints().findOneBy({ name: this.projection.name });
    if (saved && saved.version === this.projection.version && saved.state !== null) {
      this.state = this.projection.restore(JSON.parse(saved.state));
      this.position = saved.position ? parsePosition(saved.position) : undefined;
      this.eventsApplied = saved.eventsApplied;
    } else {
      if (saved)
        this.logger.log(
          `version changed (${saved.version} → ${this.projection.version}): rebuilding from the first event`,
        );
      this.state = this.projection.initialState();
      this.position = undefined;
      this.eventsApplied = 0;
    }
    // A restored state counts the facts as corrected when it was saved; the corrections before
    // its position are learnt again if a later one makes a refold necessary.
    this.corrections = new LedgerCorrections();
    this.run();
  }

  /** Stops the live subscription and saves the checkpoint. */
  async stop(): Promise<void> {
    if (this.idleSaver) clearInterval(this.idleSaver);
    this.idleSaver = undefined;
    await this.subscription?.close();
    await this.loop;
    this.subscription = undefined;
    this.loop = undefined;
    await this.saveCheckpoint();
  }

  /** Resolves once every event up to the store's current head has been applied. */
  async catchUp(timeoutMs = 30_000): Promise<void> {
    const head = await this.store.headPosition();
    if (head) await this.waitFor(head, timeoutMs);
  }

  waitFor(target: Position, timeoutMs: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.refoldPending && this.position && comparePositions(this.position, target) >= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        target,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `projection ${this.projection.name} did not reach position ${positionToString(target)} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /**
   * Throws the state away and applies every event again from the first, then goes live.
   * `onProgress` is called every few thousand events (the CLI draws its progress bar with it).
   */
  async rebuild(onProgress?: (p: RebuildProgress) => void): Promise<void> {
    await this.stop();
    this.state = this.projection.initialState();
    this.position = undefined;
    this.eventsApplied = 0;
    this.corrections = new LedgerCorrections();
    const head = await this.store.headPosition();
    const headText = head ? positionToString(head) : null;
    let learnt = false;
    // Read ahead on another thread where the store can (SQLite in a file): this one decodes and folds.
    for await (const stored of head ? readAllAheadThrough(this.store, head) : this.store.readAll()) {
      if (head && comparePositions(stored.position, head) > 0) break;
      learnt = this.apply(stored) || learnt;
      if (onProgress && this.eventsApplied % 5000 === 0)
        onProgress({ applied: this.eventsApplied, position: positionToString(stored.position), head: headText });
    }
    // The pass met a correction of a fact it had counted as first recorded: once more, knowing it.
    if (learnt && head) await this.refold(head);
    onProgress?.({
      applied: this.eventsApplied,
      position: this.position ? positionToString(this.position) : null,
      head: headText,
    });
    await this.saveCheckpoint();
    this.run();
  }

  /**
   * Folds every event up to `head` again into a fresh state, every fact as corrected: a
   * correction came of a fact the state had counted as first recorded. Built aside and swapped
   * in at the end, so readers keep the previous state meanwhile, and the subscription skips
   * what the refold already applied. A second pass only when this one learnt corrections the
   * runner did not know (those before a restored checkpoint).
   */
  private async refold(head: Position): Promise<void> {
    let state: S;
    let applied: number;
    let learnt: boolean;
    let passes = 0;
    do {
      state = this.projection.initialState();
      applied = 0;
      learnt = false;
      for await (const stored of readAllAheadThrough(this.store, head)) {
        if (comparePositions(stored.position, head) > 0) break;
        const folded = this.fold(state, stored);
        state = folded.state;
        learnt ||= folded.learnt;
        applied++;
      }
    } while (learnt && ++passes < 2);
    this.state = state;
    this.position = head;
    this.eventsApplied = applied;
    this.unsavedEvents++;
    this.refolds++;
    this.refoldPending = false;
    this.resolveWaiters(head);
    this.options.onRefolded?.();
  }

  /** Saves state and position together; saves are serialised (the live loop and the idle timer both save). */
  saveCheckpoint(): Promise<void> {
    // Built synchronously: the state and the position it reflects are taken at the same instant.
    const row: ProjectionCheckpointEntity = {
      name: this.projection.name,
      version: this.projection.version,
      position: this.position ? positionToString(this.position) : null,
      eventsApplied: this.eventsApplied,
      state: JSON.stringify(this.projection.snapshot(this.state)),
      updatedAt: new Date().toISOString(),
    };
    const saved = this.unsavedEvents;
    this.unsavedEvents = 0;
    this.lastSave = Date.now();
    this.saving = this.saving
      .catch(() => undefined)
      .then(() =>
        this.checkpoints()
          .save(row)
          .then(() => undefined),
      );
    this.saving.catch(() => (this.unsavedEvents += saved));
    return this.saving;
  }

  private run(): void {
    const subscription = this.store.subscribeToAll(this.position ? { after: this.position } : {});
    this.subscription = subscription;
    // Once caught up no event may arrive for a while: save what was applied anyway, so the
    // checkpoint never trails the live state by more than the interval.
    const every = this.options.checkpointEveryMs ?? 10_000;
    this.idleSaver = setInterval(
      () => {
        if (this.unsavedEvents > 0 && Date.now() - this.lastSave >= every)
          void this.saveCheckpoint().catch((e) => this.logger.error(this.noteError('checkpoint failed', e)));
      },
      Math.min(every, 1000),
    );
    this.idleSaver.unref();
    this.loop = (async () => {
      try {
        for await (const stored of subscription) {
          // Already folded in by a refold (which reads up to the head it took).
          if (this.position && comparePositions(stored.position, this.position) <= 0) continue;
          if (this.apply(stored)) {
            const head = await this.store.headPosition();
            await this.refold(head && comparePositions(head, stored.position) > 0 ? head : stored.position);
          }
          if (
            this.unsavedEvents >= (this.options.checkpointEveryEvents ?? 100_000) ||
            (this.unsavedEvents > 0 && Date.now() - this.lastSave >= (this.options.checkpointEveryMs ?? 10_000))
          ) {
            await this.saveCheckpoint();
          }
        }
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
        this.logger.error(this.noteError('stopped', this.failure));
      }
    })();
  }

  /**
   * Folds one stored event into `state`, without the runner's bookkeeping. `learnt` is true for
   * a correction this runner had not met, of an event of this projection's: the state then
   * counts that event as first recorded and must be folded again (see `refold`).
   */
  private fold(state: S, stored: RecordedEvent): { state: S; learnt: boolean; decoded?: DecodedEvent } {
    // Skipped (another partition's record): never decoded, only read past — live and in a refold alike.
    if (this.projection.accepts?.(stored) === false) return { state, learnt: false };
    // Decoded once here: the projection sees licensing facts in their current version, as
    // corrected, and the other events only when it reads them (evolveOther).
    const { decoded, learnt } = this.corrections.decode(stored);
    if (decoded.kind === 'fact' && this.projection.canHandle(decoded.event.type))
      return {
        state: this.projection.evolve(state, decoded.event),
        learnt: learnt && (this.projection.refoldsOn?.(decoded.event) ?? true),
        decoded,
      };
    if (decoded.kind === 'unknown' && this.projection.evolveOther && this.projection.canHandle(decoded.event.type))
      return { state: this.projection.evolveOther(state, decoded.event), learnt: false, decoded };
    return { state, learnt: false };
  }

  /** Applies one event to the live state; true when the state must be folded again (a correction came). */
  private apply(stored: RecordedEvent): boolean {
    const folded = this.fold(this.state, stored);
    this.state = folded.state;
    if (folded.decoded) this.options.onApplied?.(folded.decoded);
    this.position = stored.position;
    this.eventsApplied++;
    this.unsavedEvents++;
    // A reader waiting for this position must not get the state before the refold it calls for.
    this.refoldPending ||= folded.learnt;
    if (!this.refoldPending) this.resolveWaiters(stored.position);
    return folded.learnt;
  }

  private resolveWaiters(position: Position): void {
    if (this.waiters.length === 0) return;
    const reached = this.waiters.filter((w) => comparePositions(position, w.target) >= 0);
    if (reached.length) {
      this.waiters = this.waiters.filter((w) => !reached.includes(w));
      for (const w of reached) w.resolve();
    }
  }

  private checkpoints() {
    return this.dataSource.getRepository(ProjectionCheckpointEntity);
  }
}
