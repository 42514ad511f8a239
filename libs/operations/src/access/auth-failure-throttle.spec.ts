import { AuthFailureThrottle } from './auth-failure-throttle';

describe('AuthFailureThrottle', () => {
  let throttle: AuthFailureThrottle;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-03T08:00:00Z') });
    throttle = new AuthFailureThrottle({ limit: 3, windowSeconds: 60 });
  });
  afterEach(() => {
    throttle.close();
    jest.useRealTimers();
  });

  const fail = async (times: number, callers: string[]) => {
    for (let i = 0; i < times; i++) await throttle.recordFailure(callers);
  };

  it('lets a caller fail up to the limit, then blocks it for the window', async () => {
    await fail(3, ['address:10.0.0.1']);
    expect(throttle.blockedFor(['address:10.0.0.1'])).toBeUndefined();
    await fail(1, ['address:10.0.0.1']);
    expect(throttle.blockedFor(['address:10.0.0.1'])).toBe(60);
  });

  it('ends the block after the window', async () => {
    await fail(4, ['address:10.0.0.1']);
    jest.advanceTimersByTime(59_000);
    expect(throttle.blockedFor(['address:10.0.0.1'])).toBe(1);
    jest.advanceTimersByTime(1_001);
    expect(throttle.blockedFor(['address:10.0.0.1'])).toBeUndefined();
  });

  it('counts per key id across addresses, so a key guessed from many addresses is blocked too', async () => {
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'])
      await throttle.recordFailure([`address:${address}`, 'api-key:abc123def456']);
    expect(throttle.blockedFor(['address:10.0.0.9', 'api-key:abc123def456'])).toBe(60);
    expect(throttle.blockedFor(['address:10.0.0.9'])).toBeUndefined();
  });

  it('keeps callers apart', async () => {
    await fail(4, ['address:10.0.0.1']);
    expect(throttle.blockedFor(['address:10.0.0.2'])).toBeUndefined();
  });
});
