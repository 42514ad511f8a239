import { average, percentagePoints, percentText, rate, roundedQuotient } from './rates';

describe('when a rate is published', () => {
  it('gives 85 of 102 fully-online items as 83.33%', () => {
    expect(rate(85, 102)).toEqual({ numerator: 85, denominator: 102, percent: 83.33 });
  });

  it('gives 72 of 102 immediate items as 70.59%', () => {
    expect(rate(72, 102).percent).toBe(70.59);
  });

  it('gives a satisfaction of 43 of 45 as 95.56%', () => {
    expect(rate(43, 45).percent).toBe(95.56);
  });

  it('gives a compression of 1913 of 2040 working days as 93.77%', () => {
    expect(rate(1913, 2040).percent).toBe(93.77);
  });

  it('rounds an exact half up, where floating point would round it down (51/4000 = 1.275%)', () => {
    // The traps the integer arithmetic avoids: each usual floating-point formula gives 1.27.
    expect(Math.round((51 / 4000) * 10000) / 100).toBe(1.27);
    expect(Math.round(((51 * 100) / 4000) * 100) / 100).toBe(1.27);
    expect(Number(((51 * 100) / 4000).toFixed(2))).toBe(1.27);
    expect(rate(51, 4000).percent).toBe(1.28);
    expect(rate(23, 160).percent).toBe(14.38);
    expect(rate(29, 800).percent).toBe(3.63);
  });

  it('gives a whole 100% for all of them and 0% for none', () => {
    expect(rate(410053, 410053).percent).toBe(100);
    expect(rate(0, 410053).percent).toBe(0);
  });

  it('has a null percent when there is nothing to divide by', () => {
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0, percent: null });
  });

  it('stays exact beyond the range of doubles', () => {
    expect(rate(2 ** 52 + 1, 2 ** 52 + 1).percent).toBe(100);
  });
});

describe('when an average is published', () => {
  it('gives 10 visits over 102 items as 0.098', () => {
    expect(average(10, 102)).toEqual({ total: 10, count: 102, value: 0.098 });
  });

  it('rounds an exact half up to 3 places (1/2000 = 0.0005 → 0.001)', () => {
    expect(average(1, 2000).value).toBe(0.001);
  });

  it('has a null value when nothing was counted', () => {
    expect(average(0, 0)).toEqual({ total: 0, count: 0, value: null });
  });
});

describe('when a negative quotient is rounded', () => {
  it('rounds the half away from zero', () => {
    expect(roundedQuotient(-1, 8, 2)).toBe(-0.13);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundedQuotient(1, 0, 2)).toThrow(RangeError);
  });
});

describe('when a percentage is printed', () => {
  it('keeps two decimals, trailing zero included (12.7 → "12.70")', () => {
    expect(percentText(16, 126)).toBe('12.70');
    expect(percentText(1, 101)).toBe('0.99');
    expect(percentText(85, 102)).toBe('83.33');
  });

  it('prints an exact whole percentage without decimals, and a near-whole one with them', () => {
    expect(percentText(410_053, 410_053)).toBe('100');
    expect(percentText(2, 10)).toBe('20');
    expect(percentText(0, 7)).toBe('0');
    expect(percentText(99_999, 100_000)).toBe('100.00');
  });

  it('gives percentage points exactly, in the same precision', () => {
    expect(percentagePoints(95.56, 93.33)).toEqual({ value: 2.23, text: '2.23' });
    expect(percentagePoints(83.3, 80.8)).toEqual({ value: 2.5, text: '2.50' });
    expect(percentagePoints(100, 98)).toEqual({ value: 2, text: '2' });
    expect(percentagePoints(0.3, 0.1)).toEqual({ value: 0.2, text: '0.20' });
  });
});
