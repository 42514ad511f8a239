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
   */
  async submit<T>(lane: string | null, task: () => Promise<T>): Promise<{ done: Promise<T> }> {
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    let run: Promise<T>;
    if (lane === null) {
      const before = [...this.inFlight, this.barrier];
      run = Promise.allSettled(before).then(task);
      this.barrier = run.catch(() => undefined);
    } else {
      const previous = this.lanes.get(lane) ?? Promise.resolve();
      const barrier = this.barrier;
      run = Promise.allSettled([previous, barrier]).then(task);
      const settled = run.catch(() => undefined);
      this.lanes.set(lane, settled);
      // Forget finished lanes so a million applications do not keep a million promises.
      void settled.then(() => {
        if (this.lanes.get(lane) === settled) this.lanes.delete(lane);
      });
    }
    const tracked = run.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return { done: run };
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
