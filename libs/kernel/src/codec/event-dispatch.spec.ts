import { RecordedEvent } from '@ledger/event-store';
import { SomeEventHandlers, dispatchEvent } from './event-dispatch';
import { factOf } from './event-codec';

const fact = (type: string, data: unknown) =>
  factOf({
    eventId: 'e-1',
    type,
    data,
    metadata: { agency: 'test-psb', businessTime: '2020-03-02T10:00:00+08:00' },
    streamId: 'stream-1',
    revision: 0,
    position: { commit: 7n, prepare: 7n },
  } as unknown as RecordedEvent)!;

describe('dispatching a decoded event by its type', () => {
  const seen: string[] = [];
  const handlers: SomeEventHandlers<string> = {
    'ApplicationAccepted.v1': (event, context) => seen.push(`accepted ${event.data.applicationId} ${context}`),
    'ComplaintLogged.v1': (event, context) => seen.push(`complaint ${event.data.complaintId} ${context}`),
  };
  beforeEach(() => (seen.length = 0));

  it("calls only the handler of the event's type, with the event and the context", () => {
    dispatchEvent(handlers, fact('ComplaintLogged.v1', { complaintId: 'C-1' }), 'ctx');
    dispatchEvent(handlers, fact('ApplicationAccepted.v1', { applicationId: 'A-1' }), 'ctx2');
    expect(seen).toEqual(['complaint C-1 ctx', 'accepted A-1 ctx2']);
  });

  it('leaves an event whose type has no handler alone', () => {
    dispatchEvent(handlers, fact('ApplicationFiled.v1', { applicationId: 'A-1' }), 'ctx');
    expect(seen).toEqual([]);
  });
});
