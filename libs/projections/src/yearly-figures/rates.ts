/**
 * Rates and averages as the figures publish them: the exact fraction plus a rounded value, so a
 * report can print "85 of 102 (83.33%)". Rounding is half-up on the exact fraction, done in
 * integers: 85/102 → 83.33, 1913/2040 → 93.77, 51/4000 → 1.28 (floating point would say 1.27).
 */
import { Average, Rate } from './figures.types';

/**
 * `factor × numerator / denominator` rounded half-up (away from zero) to `places` decimals,
 * exactly, for whole numbers. Returns the nearest double to the decimal result, which JSON
 * prints as that decimal (83.33, not 83.33000000000001).
 */
export function roundedQuotient(numerator: number, denominator: number, places: number, factor = 1): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new RangeError(
      `cannot round ${numerator}/${denominator}: whole numbers and a non-zero denominator are required`,
    );
  }
  const negative = numerator < 0 !== denominator < 0;
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const scale = 10 ** places;
  const multiplier = factor * scale;
  let scaled: number;
  // floor((2·n·m + d) / (2·d)) is n·m/d rounded half-up; BigInt only when doubles could lose digits.
  if (2 * n * multiplier + d <= Number.MAX_SAFE_INTEGER) {
    scaled = Math.floor((2 * n * multiplier + d) / (2 * d));
  } else {
    scaled = Number((2n * BigInt(n) * BigInt(multiplier) + BigInt(d)) / (2n * BigInt(d)));
  }
  const value = scaled / scale;
  return negative && value !== 0 ? -value : value;
}

/** A rate as a percentage to 2 places; `percent: null` when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): Rate {
  return {
    numerator,
    denominator,
    percent: denominator === 0 ? null : roundedQuotient(numerator, denominator, 2, 100),
  };
}

/** An average to 3 places; `value: null` when nothing was counted. */
export function average(total: number, count: number): Average {
  return { total, count, value: count === 0 ? null : roundedQuotient(total, count, 3) };
}

/**
 * The one way a percentage is printed (reports, tables): two decimals ("12.70", "0.99"), except a
 * fraction that is exactly a whole percentage ("100", "20"), so a report never shows uneven
 * precision ("增长12.7%" beside "0.99%") and "100%" means all of them, not 99.996%.
 */
export function percentText(numerator: number, denominator: number): string {
  const percent = roundedQuotient(numerator, denominator, 2, 100);
  return (numerator * 100) % denominator === 0 ? String(percent) : percent.toFixed(2);
}

/**
 * The difference in percentage points between two printed percentages (`rate().percent` values),
 * exact in hundredths, printed by the rule of `percentText`: 95.56 − 93.33 → "2.23", 83.3 − 80.8 → "2.50".
 */
export function percentagePoints(now: number, before: number): { readonly value: number; readonly text: string } {
  const hundredths = Math.abs(Math.round(now * 100) - Math.round(before * 100));
  return {
    value: hundredths / 100,
    text: hundredths % 100 === 0 ? String(hundredths / 100) : (hundredths / 100).toFixed(2),
  };
}
