/** The outcome of one request inside a batch that as a whole committed. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

interface Waiting<Request, Result> {
  readonly request: Request;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Collects requests and commits them together, so many concurrent appends share one
 * transaction and one fsync instead of paying for one each.
 *
 * The flush runs on `setImmediate`, not a microtask: callers resumed by the previous commit
 * continue in microtasks and enqueue their next append before it runs, so they join the batch.
 * `commit` is synchronous (better-sqlite3), so nothing can enqueue during a commit; whatever
 * arrives meanwhile waits for the next flush.
 */
export class GroupCommitQueue<Request, Result> {
  private waiting: Waiting<Request, Result>[] = [];
  private flushScheduled = false;

  /**
   * @param commit commits all requests in one transaction and returns one outcome per request;
   *   throwing means nothing committed, and every request of the batch is rejected with the error.
   * @param maxBatchSize most requests in one transaction, to bound its size and latency.
   */
  constructor(
    private readonly commit: (requests: readonly Request[]) => Settled<Result>[],
    private readonly maxBatchSize: number,
  ) {
    if (!Number.isSafeInteger(maxBatchSize) || maxBatchSize < 1)
      throw new RangeError(`maxBatchSize must be >= 1, not ${maxBatchSize}`);
  }

  /** Resolves once the transaction holding `request` has committed. */
  enqueue(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Commits everything queued, now; for shutdown. */
  drain(): void {
    while (this.waiting.length > 0) this.commitNextBatch();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.waiting.length === 0) return;
    this.commitNextBatch();
    // Yield to I/O between capped batches rather than committing a backlog in one go.
    if (this.waiting.length > 0) this.scheduleFlush();
  };

  private commitNextBatch(): void {
    const batch = this.takeBatch();
    let outcomes: Settled<Result>[];
    try {
      outcomes = this.commit(batch.map((waiting) => waiting.request));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }

  private takeBatch(): Waiting<Request, Result>[] {
    if (this.waiting.length <= this.maxBatchSize) {
      const batch = this.waiting;
      this.waiting = [];
      return batch;
    }
    return this.waiting.splice(0, this.maxBatchSize);
  }
}
