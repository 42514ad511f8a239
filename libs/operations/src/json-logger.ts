import { LoggerService, LogLevel } from '@nestjs/common';

const ORDER: Record<string, number> = { verbose: 0, debug: 1, log: 2, info: 2, warn: 3, error: 4, fatal: 5 };

/**
 * One JSON object per line on stdout/stderr, for log collectors. Messages are written by our
 * code, which never puts personal data in them (events' personal sub-objects are never logged).
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly minimum: 'debug' | 'info' | 'warn' | 'error' = 'info',
    private readonly service = 'ledger',
  ) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }
  setLogLevels(_levels: LogLevel[]) {}

  private write(level: string, message: unknown, rest: unknown[]): void {
    if (ORDER[level] < ORDER[this.minimum]) return;
    // Nest passes the context as the last string argument (and a stack before it for errors).
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      service: this.service,
      ...(context ? { context } : {}),
      message:
        message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message),
      ...(stack ? { stack } : {}),
    });
    (ORDER[level] >= ORDER.warn ? process.stderr : process.stdout).write(`${line}\n`);
  }
}
