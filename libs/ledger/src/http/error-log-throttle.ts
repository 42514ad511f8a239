/**
 * Logs a repeated error once per interval with a count, instead of once per request: on a full
 * disk every write fails, and a stack trace per request buried the log (45,800 lines in 20 s)
 * while saying nothing new. The first occurrence of a kind is logged at once; the others in the
 * same interval are counted and reported in one line when the interval ends.
 */
export class ErrorLogThrottle {
  private readonly windows = new Map<string, { suppressed: number }>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly intervalMs: number,
  ) {}

  /** `key` names the kind of error; `line` is built only when it is logged. */
  report(key: string, line: () => string): void {
    const open = this.windows.get(key);
    if (open) {
      open.suppressed++;
      return;
    }
    this.log(line());
    const window = { suppressed: 0 };
    this.windows.set(key, window);
    setTimeout(() => {
      this.windows.delete(key);
      if (window.suppressed > 0) this.log(`${key}: ${window.suppressed} more in the last ${this.intervalMs / 1000} s`);
    }, this.intervalMs).unref();
  }
}
