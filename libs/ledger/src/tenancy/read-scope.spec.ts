import { NotFoundError, ValidationError } from '@ledger/domain';
import { agencyForRead, readableAgencies } from './read-scope';
import { mayReadStream } from './stream-access';

const reader = (agencies: '*' | string[], roles: string[] = ['clerk']) => ({
  agencies,
  roles,
  ...(agencies !== '*' && agencies.length === 1 ? { defaultAgency: agencies[0] } : {}),
});

describe('agencyForRead', () => {
  it('takes the named agency when the caller acts for it', () => {
    expect(agencyForRead('b', reader(['a', 'b']), 'a')).toBe('b');
    expect(agencyForRead('z', reader('*'), 'a')).toBe('z');
    expect(agencyForRead('z', undefined, 'a')).toBe('z');
  });

  it('answers an agency the caller does not act for as one without events, or as the caller says', () => {
    expect(() => agencyForRead('b', reader(['a']), 'a')).toThrow(NotFoundError);
    expect(() => agencyForRead('b', reader(['a']), 'a')).toThrow('the ledger holds no events of agency b');
    expect(() => agencyForRead('b', reader(['a']), 'a', () => new Error('no such record'))).toThrow('no such record');
  });

  it('refuses a value that can never be an agency as bad input', () => {
    expect(() => agencyForRead('A.B', reader('*'), 'a')).toThrow(ValidationError);
  });

  it("defaults to the caller's only agency, else the deployment's when the caller acts for it", () => {
    expect(agencyForRead(undefined, reader(['b']), 'a')).toBe('b');
    expect(agencyForRead('', reader(['a', 'b']), 'a')).toBe('a');
    expect(agencyForRead(undefined, reader('*'), 'a')).toBe('a');
    expect(agencyForRead(undefined, undefined, 'a')).toBe('a');
  });

  it('asks a caller of several agencies, none of them the deployment’s, to name one', () => {
    expect(() => agencyForRead(undefined, reader(['b', 'c']), 'a')).toThrow(
      expect.objectContaining({ code: 'AGENCY.REQUIRED', field: 'agency' }),
    );
  });

  it('spans every agency only for a caller of every agency', () => {
    expect(readableAgencies(reader(['a', 'b']))).toEqual(['a', 'b']);
    expect(readableAgencies(reader('*'))).toBeUndefined();
    expect(readableAgencies(undefined)).toBeUndefined();
  });
});

describe('mayReadStream', () => {
  it("lets a caller read its own agencies' record streams only", () => {
    expect(mayReadStream('application-a.X', 'a', reader(['a']))).toBe(true);
    expect(mayReadStream('application-b.X', 'b', reader(['a']))).toBe(false);
    expect(mayReadStream('application-X', 'b', reader(['a']))).toBe(false);
    expect(mayReadStream('application-b.X', 'b', reader('*'))).toBe(true);
  });

  it('keeps the internal streams for the roles they serve, within their agency', () => {
    expect(mayReadStream('access-log-a', 'a', reader(['a'], ['clerk']))).toBe(false);
    expect(mayReadStream('access-log-a', 'a', reader(['a'], ['legal']))).toBe(true);
    expect(mayReadStream('access-log-a', 'a', reader(['a'], ['supervisor']))).toBe(true);
    expect(mayReadStream('access-log-b', 'b', reader(['a'], ['supervisor']))).toBe(false);
    expect(mayReadStream('subject-s1', 'a', reader(['a'], ['supervisor', 'clerk']))).toBe(false);
    expect(mayReadStream('subject-s1', 'a', reader(['a'], ['legal']))).toBe(true);
    expect(mayReadStream('report-a.2021', 'a', reader(['a'], ['clerk']))).toBe(false);
    expect(mayReadStream('report-a.2021', 'a', reader(['a'], ['legal']))).toBe(true);
    expect(mayReadStream('report-a.2021', 'a', reader(['a'], ['supervisor']))).toBe(true);
  });

  it('shares the reference data of every agency, and lets the ledger itself read anything', () => {
    expect(mayReadStream('region-all.hierarchy', 'a', reader(['b']))).toBe(true);
    expect(mayReadStream('calendar-all.CN', 'a', reader(['b']))).toBe(true);
    expect(mayReadStream('access-log-b', 'b', undefined)).toBe(true);
  });
});
