import { isRecordStream, legacyRecordStreamId, recordStreamId } from './record-stream-id';

describe('record stream ids', () => {
  it('name the kind, the agency and the id', () => {
    expect(recordStreamId('application', 'jiangmen-psb', 'SQ-1')).toBe('application-jiangmen-psb.SQ-1');
    expect(recordStreamId('item', 'kaiping-psb', 'X-1')).toBe('item-kaiping-psb.X-1');
  });

  it('give two agencies two streams for the same id', () => {
    expect(recordStreamId('complaint', 'a', 'C-1')).not.toBe(recordStreamId('complaint', 'b', 'C-1'));
  });

  it('end the agency at the first dot, so ids holding dots and dashes stay apart', () => {
    // Without the rule that an agency holds no dot, agency "a" with id "b.c" and agency "a.b" with id "c" would collide.
    expect(recordStreamId('appeal', 'a', 'b.c')).toBe('appeal-a.b.c');
    expect(() => recordStreamId('appeal', 'a.b', 'c')).toThrow(RangeError);
    expect(() => recordStreamId('appeal', '', 'c')).toThrow(RangeError);
  });

  it('know the legacy name of every kind but items, which always named their agency', () => {
    expect(legacyRecordStreamId('application', 'SQ-1')).toBe('application-SQ-1');
    expect(legacyRecordStreamId('rectification', 'R-1')).toBe('rectification-R-1');
    expect(legacyRecordStreamId('item', 'X-1')).toBeUndefined();
  });

  it("tell a record's stream under either name, for the event's own agency only", () => {
    expect(isRecordStream('application-a.SQ-1', 'application', 'a', 'SQ-1')).toBe(true);
    expect(isRecordStream('application-SQ-1', 'application', 'a', 'SQ-1')).toBe(true);
    expect(isRecordStream('application-b.SQ-1', 'application', 'a', 'SQ-1')).toBe(false);
    expect(isRecordStream('complaint-a.SQ-1', 'application', 'a', 'SQ-1')).toBe(false);
    expect(isRecordStream('application-a.SQ-1', 'application', undefined, 'SQ-1')).toBe(false);
    expect(isRecordStream('application-a.b.SQ-1', 'application', 'a.b', 'SQ-1')).toBe(false);
  });
});
