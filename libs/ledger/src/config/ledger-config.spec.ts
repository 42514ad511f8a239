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

  describe('when LEDGER_READ_MODEL_SCHEMA is set', () => {
    it('gives every process the same read-model schema', () => {
      expect(loadLedgerConfig({ LEDGER_READ_MODEL_SCHEMA: 'figures_2026' }).readModelSchema).toBe('figures_2026');
      expect(loadLedgerConfig({}).readModelSchema).toBeUndefined();
    });

    // The name goes to PostgreSQL as the search path: anything but a plain identifier is refused.
    it.each(['Figures', '2026', 'a-b', 'public,evil', 'x; DROP TABLE y', 'a'.repeat(64)])(
      'refuses %j, naming the variable',
      (value) => {
        expect(() => loadLedgerConfig({ LEDGER_READ_MODEL_SCHEMA: value })).toThrow(
          /LEDGER_READ_MODEL_SCHEMA must be a PostgreSQL schema name/,
        );
      },
    );
  });
});
