import { cpus } from 'node:os';

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

/**
 * How many of the machine's cores sat idle since the last look (`os.cpus()`: every core's idle
 * time over the wall time): before a thread is started for a read, whether a core is free for it.
 * Niced work counts as busy: with the scheduler's autogroups (Linux gives each session a fair
 * share whatever its niceness) it does not yield its core to a thread started here.
 */
export class IdleCores {
  private idle = idleMillis();
  private at = process.hrtime.bigint();

  /** Idle cores since the last sample (or since this was made), and starts the next interval. */
  sample(): number {
    const idle = idleMillis();
    const now = process.hrtime.bigint();
    const wallMillis = Number(now - this.at) / 1e6;
    const cores = wallMillis > 0 ? (idle - this.idle) / wallMillis : Number.POSITIVE_INFINITY;
    this.idle = idle;
    this.at = now;
    return cores;
  }
}

function idleMillis(): number {
  return cpus().reduce((sum, cpu) => sum + cpu.times.idle, 0);
}
