import { authorMetadata, authorshipOf, authorshipText } from './event';

describe('authorshipOf', () => {
  it('names the principal that recorded an event and the actor it was recorded for', () => {
    expect(authorshipOf({ actor: 'clerk-17', principal: 'api-key:abc' })).toEqual({
      recordedBy: 'api-key:abc',
      onBehalfOf: 'clerk-17',
    });
  });

  it('has no principal for an event recorded before the ledger kept it', () => {
    expect(authorshipOf({ actor: 'clerk-17' })).toEqual({ recordedBy: null, onBehalfOf: 'clerk-17' });
  });

  it('reads stored metadata of the wrong shape without failing', () => {
    expect(authorshipOf({ actor: 7, principal: '' })).toEqual({ recordedBy: null, onBehalfOf: '' });
  });
});

describe('authorshipText', () => {
  it('says "by <principal>, on behalf of <actor>"', () => {
    expect(authorshipText({ actor: 'clerk-17', principal: 'api-key:abc' })).toBe(
      'by api-key:abc, on behalf of clerk-17',
    );
  });

  it('says "by <actor>" without a principal', () => {
    expect(authorshipText({ actor: 'clerk-17' })).toBe('by clerk-17');
  });
});

describe('authorMetadata', () => {
  it('keeps an actor name alone, and adds the principal when one is given', () => {
    expect(authorMetadata('cli:ops')).toEqual({ actor: 'cli:ops' });
    expect(authorMetadata({ actor: 'operator', principal: 'api-key:abc' })).toEqual({
      actor: 'operator',
      principal: 'api-key:abc',
    });
    expect(authorMetadata({ actor: 'operator' })).toEqual({ actor: 'operator' });
  });
});
