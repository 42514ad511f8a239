import { defaultAgencyOf, describeAgencies, parseAgencies, principalCovers } from './principal';

describe('principalCovers', () => {
  it('covers every agency for *', () => {
    expect(principalCovers({ agencies: '*' }, 'jiangmen-psb')).toBe(true);
  });

  it('covers the listed agencies only', () => {
    const principal = { agencies: ['jiangmen-psb', 'taishan-psb'] };
    expect(principalCovers(principal, 'taishan-psb')).toBe(true);
    expect(principalCovers(principal, 'kaiping-psb')).toBe(false);
  });

  it('covers nothing with an empty list', () => {
    expect(principalCovers({ agencies: [] }, 'jiangmen-psb')).toBe(false);
  });

  it('does not read * inside a list as every agency', () => {
    expect(principalCovers({ agencies: ['*'] }, 'jiangmen-psb')).toBe(false);
  });
});

describe('defaultAgencyOf', () => {
  it('is the only agency of a one-agency set', () => {
    expect(defaultAgencyOf(['jiangmen-psb'])).toBe('jiangmen-psb');
  });

  it('is none for two agencies or for *', () => {
    expect(defaultAgencyOf(['jiangmen-psb', 'taishan-psb'])).toBeUndefined();
    expect(defaultAgencyOf('*')).toBeUndefined();
  });
});

describe('parseAgencies', () => {
  it('reads * as every agency', () => {
    expect(parseAgencies(' * ')).toBe('*');
  });

  it('reads a comma-separated list, trimmed and without repeats', () => {
    expect(parseAgencies('jiangmen-psb, taishan-psb,jiangmen-psb')).toEqual(['jiangmen-psb', 'taishan-psb']);
  });

  it('refuses an empty list', () => {
    expect(() => parseAgencies(' , ')).toThrow('at least one agency');
  });

  it('refuses * mixed with codes', () => {
    expect(() => parseAgencies('jiangmen-psb,*')).toThrow('* stands alone');
  });

  it('describes a set the way it is typed', () => {
    expect(describeAgencies(parseAgencies('a,b'))).toBe('a,b');
    expect(describeAgencies('*')).toBe('*');
  });
});
