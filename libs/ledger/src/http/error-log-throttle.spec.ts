import { ErrorLogThrottle } from './error-log-throttle';

describe('ErrorLogThrottle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('logs the first error of a kind at once, counts the rest of the interval, and starts again after it', () => {
    const lines: string[] = [];
    const throttle = new ErrorLogThrottle((line) => lines.push(line), 60_000);
    for (let i = 0; i < 1000; i++) throttle.report('STORE.STORAGE_FULL', () => `full ${i}`);
    throttle.report('other', () => 'other 0');
    expect(lines).toEqual(['full 0', 'other 0']);
    jest.advanceTimersByTime(60_000);
    expect(lines).toEqual(['full 0', 'other 0', 'STORE.STORAGE_FULL: 999 more in the last 60 s']);
    throttle.report('STORE.STORAGE_FULL', () => 'full again');
    jest.advanceTimersByTime(60_000);
    // Nothing suppressed in the second interval: no count line.
    expect(lines).toEqual(['full 0', 'other 0', 'STORE.STORAGE_FULL: 999 more in the last 60 s', 'full again']);
  });

  it('builds a suppressed line never', () => {
    const build = jest.fn(() => 'line');
    const throttle = new ErrorLogThrottle(() => undefined, 1000);
    for (let i = 0; i < 10; i++) throttle.report('k', build);
    expect(build).toHaveBeenCalledTimes(1);
  });
});
