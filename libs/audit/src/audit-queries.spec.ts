import { ValidationError } from '@ledger/domain';
import { loadAuditConfig } from './audit-config';
import {
  DEFAULT_REPLAY_LIMIT,
  MAX_REPLAY_LIMIT,
  parseAuditYear,
  parseComplianceQuery,
  parseReplayQuery,
} from './audit-queries';

describe('audit queries', () => {
  describe('parseReplayQuery', () => {
    it('defaults the page size and leaves out what was not given', () => {
      expect(parseReplayQuery({})).toEqual({ limit: DEFAULT_REPLAY_LIMIT });
      expect(parseReplayQuery({ agency: '', upTo: '', limit: '' })).toEqual({ limit: DEFAULT_REPLAY_LIMIT });
    });

    it('parses positions and normalises the instant to UTC', () => {
      expect(
        parseReplayQuery({
          agency: 'test-psb',
          upToPosition: '42',
          after: '7/9',
          upTo: '2021-03-30T18:00:00+08:00',
          limit: String(MAX_REPLAY_LIMIT),
        }),
      ).toEqual({
        agency: 'test-psb',
        upToPosition: { commit: 42n, prepare: 42n },
        after: { commit: 7n, prepare: 9n },
        upTo: '2021-03-30T10:00:00.000Z',
        limit: MAX_REPLAY_LIMIT,
      });
    });

    it.each([
      [{ upTo: '2021-03-30' }, 'upTo', 'AUDIT.UP_TO'],
      [{ upTo: '2021-02-30T10:00:00+08:00' }, 'upTo', 'AUDIT.UP_TO'],
      [{ upToPosition: 'abc' }, 'upToPosition', 'AUDIT.POSITION'],
      [{ after: '-1' }, 'after', 'AUDIT.POSITION'],
      [{ limit: '0' }, 'limit', 'AUDIT.LIMIT'],
      [{ limit: String(MAX_REPLAY_LIMIT + 1) }, 'limit', 'AUDIT.LIMIT'],
      [{ limit: '1.5' }, 'limit', 'AUDIT.LIMIT'],
    ])('refuses %j naming the field', (raw, field, code) => {
      expect(() => parseReplayQuery(raw)).toThrow(ValidationError);
      expect(() => parseReplayQuery(raw)).toThrow(expect.objectContaining({ field, code }));
    });
  });

  describe('parseComplianceQuery', () => {
    it('takes a year and optional periods', () => {
      expect(parseComplianceQuery('2020', 'test-psb')).toEqual({ agency: 'test-psb', year: 2020 });
      expect(
        parseComplianceQuery('2020', 'test-psb', { complaintResolutionDays: '30', disclosureGraceDays: '0' }),
      ).toEqual({ agency: 'test-psb', year: 2020, complaintResolutionDays: 30, disclosureGraceDays: 0 });
    });

    it.each([['20x0'], ['1989'], ['2101'], ['202']])('refuses the year %s', (year) => {
      expect(() => parseAuditYear(year)).toThrow(
        expect.objectContaining({ code: 'AUDIT.YEAR', field: 'year', kind: 'validation' }),
      );
    });

    it('refuses a resolution period of 0 or not a whole number', () => {
      expect(() => parseComplianceQuery('2020', 'a', { complaintResolutionDays: '0' })).toThrow(
        expect.objectContaining({ code: 'AUDIT.COMPLAINT_RESOLUTION_DAYS', field: 'complaintResolutionDays' }),
      );
      expect(() => parseComplianceQuery('2020', 'a', { disclosureGraceDays: 'ten' })).toThrow(
        expect.objectContaining({ code: 'AUDIT.DISCLOSURE_GRACE_DAYS', field: 'disclosureGraceDays' }),
      );
    });
  });

  describe('loadAuditConfig', () => {
    it('defaults to 60 days for complaints and 20 working days for disclosure', () => {
      expect(loadAuditConfig({})).toEqual({ complaintResolutionDays: 60, disclosureGraceDays: 20 });
    });

    it('reads LEDGER_COMPLAINT_RESOLUTION_DAYS and LEDGER_DISCLOSURE_GRACE_DAYS', () => {
      expect(loadAuditConfig({ LEDGER_COMPLAINT_RESOLUTION_DAYS: '30', LEDGER_DISCLOSURE_GRACE_DAYS: '7' })).toEqual({
        complaintResolutionDays: 30,
        disclosureGraceDays: 7,
      });
    });

    it('stops on a bad value, naming the variable', () => {
      expect(() => loadAuditConfig({ LEDGER_COMPLAINT_RESOLUTION_DAYS: 'sixty' })).toThrow(
        /LEDGER_COMPLAINT_RESOLUTION_DAYS/,
      );
      expect(() => loadAuditConfig({ LEDGER_DISCLOSURE_GRACE_DAYS: '-1' })).toThrow(/LEDGER_DISCLOSURE_GRACE_DAYS/);
    });
  });
});
