import { contextAt } from '../shared/decider';
import { ValidationError } from '../shared/errors';
import { deciderSpec } from '../testing/decider-spec';
import { ReportIndicator } from './indicator.commands';
import { indicatorDecider, indicatorsOf, IndicatorState, latestIndicator } from './indicator.decider';
import { IndicatorReported } from './indicator.events';

const spec = deciderSpec(indicatorDecider);

const reportIt = (overrides: Partial<ReportIndicator> = {}): ReportIndicator => ({
  type: 'ReportIndicator',
  name: 'seals carved',
  year: 2020,
  value: 55122,
  unit: '枚',
  source: 'seal-management system',
  at: '2021-01-05T09:00:00+08:00',
  ...overrides,
});
const reported = (
  data: Partial<IndicatorReported['data']> = {},
  at = '2021-01-05T09:00:00+08:00',
): IndicatorReported => ({
  type: 'IndicatorReported.v1',
  data: { name: 'seals carved', year: 2020, value: 55122, unit: '枚', source: 'seal-management system', ...data },
  at,
});

describe('indicator decider', () => {
  describe('when nothing is reported', () => {
    const given = spec.given([]);

    it('records the report', () => {
      given.when(reportIt()).then([reported()]);
    });

    it('records a fractional value', () => {
      given
        .when(reportIt({ name: 'average hours to carve a seal', value: 0.48, unit: 'hours' }))
        .then([reported({ name: 'average hours to carve a seal', value: 0.48, unit: 'hours' })]);
    });

    it('records a value of zero', () => {
      given.when(reportIt({ value: 0 })).then([reported({ value: 0 })]);
    });

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '55122' as unknown as number])(
      'refuses the value %p',
      (value) => {
        given.when(reportIt({ value })).thenThrows(ValidationError, 'INDICATOR.INVALID_VALUE', 'value');
      },
    );

    it.each([1989, 2101, 2020.5])('refuses the year %p', (year) => {
      given.when(reportIt({ year })).thenThrows(ValidationError, 'INDICATOR.YEAR_OUT_OF_RANGE', 'year');
    });

    it('refuses a year after the current one', () => {
      given.when(reportIt({ year: 2022 })).thenThrows(ValidationError, 'INDICATOR.YEAR_IN_FUTURE', 'year');
    });

    it("takes the current year in the agency's time zone", () => {
      const newYearsNightInBeijing = contextAt(Date.parse('2021-01-01T00:30:00+08:00'));
      given
        .when(reportIt({ year: 2021, at: '2021-01-01T00:10:00+08:00' }), newYearsNightInBeijing)
        .then([reported({ year: 2021 }, '2021-01-01T00:10:00+08:00')]);
    });

    it('refuses a blank name', () => {
      given.when(reportIt({ name: ' ' })).thenThrows(ValidationError, 'INDICATOR.NAME_REQUIRED', 'name');
    });

    it('refuses a blank unit', () => {
      given.when(reportIt({ unit: '' })).thenThrows(ValidationError, 'INDICATOR.UNIT_REQUIRED', 'unit');
    });

    it('refuses a blank source', () => {
      given.when(reportIt({ source: ' ' })).thenThrows(ValidationError, 'INDICATOR.SOURCE_REQUIRED', 'source');
    });

    it('refuses a report in the future', () => {
      given.when(reportIt({ at: '2021-04-01T09:00:00+08:00' })).thenThrows(ValidationError, 'TIME.IN_FUTURE', 'at');
    });

    it('refuses a report time without an offset', () => {
      given.when(reportIt({ at: '2021-01-05T09:00:00' })).thenThrows(ValidationError, 'TIME.INVALID', 'at');
    });
  });

  describe('when the indicator is reported for the year', () => {
    const given = spec.given([reported()]);

    it('records nothing when the same figure is sent again', () => {
      given.when(reportIt({ at: '2021-01-06T09:00:00+08:00' })).thenNothing();
    });

    it('records nothing when the same figure is sent again with its first time', () => {
      given.when(reportIt()).thenNothing();
    });

    it('records a new value, which supersedes the first', () => {
      given
        .when(reportIt({ value: 55130, at: '2021-01-10T09:00:00+08:00' }))
        .then([reported({ value: 55130 }, '2021-01-10T09:00:00+08:00')]);
    });

    it('records the same value in another unit', () => {
      given.when(reportIt({ unit: 'seals' })).then([reported({ unit: 'seals' })]);
    });

    it('records the same value from another source', () => {
      given
        .when(reportIt({ source: 'provincial seal platform' }))
        .then([reported({ source: 'provincial seal platform' })]);
    });

    it('records the same name for another year', () => {
      given.when(reportIt({ year: 2019, value: 50001 })).then([reported({ year: 2019, value: 50001 })]);
    });

    it('refuses a superseding report dated before the one it supersedes', () => {
      given
        .when(reportIt({ value: 55130, at: '2021-01-04T09:00:00+08:00' }))
        .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at');
    });
  });

  describe('when the indicator has been superseded', () => {
    const history = [
      reported(),
      reported({ value: 55130 }, '2021-01-10T09:00:00+08:00'),
      reported({ name: 'online seal orders', value: 30858, unit: 'orders' }),
    ];
    const state: IndicatorState = history.reduce(indicatorDecider.evolve, indicatorDecider.initialState());

    it('records the first figure again, since it is no longer the latest', () => {
      spec
        .given(history)
        .when(reportIt({ at: '2021-01-11T09:00:00+08:00' }))
        .then([reported({}, '2021-01-11T09:00:00+08:00')]);
    });

    it('keeps the latest report per name', () => {
      expect(latestIndicator(state, 2020, 'seals carved')).toEqual({
        name: 'seals carved',
        year: 2020,
        value: 55130,
        unit: '枚',
        source: 'seal-management system',
        at: '2021-01-10T09:00:00+08:00',
      });
    });

    it('lists one figure per name', () => {
      expect(indicatorsOf(state, 2020).map(({ name, value }) => [name, value])).toEqual([
        ['seals carved', 55130],
        ['online seal orders', 30858],
      ]);
    });

    it('lists nothing for a year without reports', () => {
      expect(indicatorsOf(state, 2019)).toEqual([]);
    });
  });
});
