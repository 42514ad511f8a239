/**
 * Runs tasks concurrently while keeping the order that matters: tasks with the same lane key
 * run one after another in submission order; a barrier task (e.g. a catalogue change that
 * later filings depend on) waits for everything submitted before it and holds back everything
 * after it. Concurrency lets the store group many commands into one durable commit.
 */
export class OrderingLanes {
  private readonly lanes = new Map<string, Promise<unknown>>();
  private barrier: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly maxInFlight: number) {}

  /**
   * Submits a task; resolves once there is room in flight (back-pressure) with the task's
   * completion promise, wrapped so that awaiting the submission does not await the task.
   * A task in several lanes (a licence's grant, which needs its application decided) waits for
   * each of them and holds each back.
   */
  async submit<T>(lane: string | readonly string[] | null, task: () => Promise<T>): Promise<{ done: Promise<T> }> {
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    let run: Promise<T>;
    if (lane === null) {
      const before = [...this.inFlight, this.barrier];
      run = Promise.allSettled(before).then(task);
      this.barrier = run.catch(() => undefined);
    } else {
      const keys = typeof lane === 'string' ? [lane] : lane;
      const previous = keys.map((key) => this.lanes.get(key) ?? Promise.resolve());
      const barrier = this.barrier;
      run = Promise.allSettled([...previous, barrier]).then(task);
      const settled = run.catch(() => undefined);
      for (const key of keys) {
        this.lanes.set(key, settled);
        // Forget finished lanes so a million applications do not keep a million promises.
        void settled.then(() => {
          if (this.lanes.get(key) === settled) this.lanes.delete(key);
        });
      }
    }
    const tracked = run.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return { done: run };
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
