import { comparePositions, laterPosition } from './positions';

describe('when global positions are compared', () => {
  it('orders them as numbers, not as text', () => {
    expect(comparePositions('9', '10')).toBeLessThan(0);
    expect(comparePositions('10', '9')).toBeGreaterThan(0);
    expect(comparePositions('007', '7')).toBe(0);
  });

  it('orders KurrentDB positions by commit, then prepare', () => {
    expect(comparePositions('10/5', '10/7')).toBeLessThan(0);
    expect(comparePositions('11/0', '10/7')).toBeGreaterThan(0);
  });

  it('handles positions beyond 2^53', () => {
    expect(comparePositions('9007199254740993', '9007199254740992')).toBeGreaterThan(0);
  });

  it('keeps the later of two', () => {
    expect(laterPosition(null, '3')).toBe('3');
    expect(laterPosition('12', '3')).toBe('12');
    expect(laterPosition('3', '12')).toBe('12');
  });
});
