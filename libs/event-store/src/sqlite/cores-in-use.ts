/**
 * How many cores the process has been getting: its CPU time (all its threads) over the wall
 * time since the last look. A read ahead on a thread keeps two threads busy; where it gets
 * little more than one core (other work holds the second), it is slower than one thread.
 */
export class CoresInUse {
  private cpu = process.cpuUsage();
  private at = process.hrtime.bigint();

  /** Cores used since the last sample (or since this was made), and starts the next interval. */
  sample(): number {
    const cpu = process.cpuUsage(this.cpu);
    const now = process.hrtime.bigint();
    const wallMicros = Number(now - this.at) / 1_000;
    this.cpu = process.cpuUsage();
    this.at = now;
    return wallMicros > 0 ? (cpu.user + cpu.system) / wallMicros : Number.POSITIVE_INFINITY;
  }
}
