import { loadLedgerConfig } from './ledger-config';

describe('the ledger configuration', () => {
  describe('when LEDGER_CHECKPOINT_EVERY_EVENTS is set', () => {
    it('gives the projector that many events between checkpoints', () => {
      expect(loadLedgerConfig({ LEDGER_CHECKPOINT_EVERY_EVENTS: '3000' }).checkpointEveryEvents).toBe(3000);
    });

    it.each(['0', '-1', '2.5', 'many', ''])('refuses %j, naming the variable', (value) => {
      expect(() => loadLedgerConfig({ LEDGER_CHECKPOINT_EVERY_EVENTS: value })).toThrow(
        /LEDGER_CHECKPOINT_EVERY_EVENTS must be a positive whole number/,
      );
    });
  });

  it("leaves the checkpoint interval to the runner's default when unset", () => {
    expect(loadLedgerConfig({}).checkpointEveryEvents).toBeUndefined();
  });
});
