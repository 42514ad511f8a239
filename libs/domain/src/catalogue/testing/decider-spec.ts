import { contextAt, Decider, DecisionContext, fold } from '../../shared/decider';
import { DomainError } from '../../shared/errors';

/** Any DomainError subclass: the error's class says which HTTP status it maps to. */
export type DomainErrorClass = abstract new (...args: never[]) => DomainError;

/** 2021-03-30 10:00 Beijing time: the day the 2020 report was signed. */
export const SIGNING_DAY = contextAt(Date.parse('2021-03-30T10:00:00+08:00'));

/**
 * Given/when/then for a decider (emmett's `DeciderSpecification`):
 * `spec.given(events).when(command).then(events)` or `.thenThrows(ErrorClass, code, field)`.
 * The state is the fold of the given events, so tests state history, not internals.
 *
 * Shared by the catalogue, supervision and indicator specs; it belongs in `shared/testing/`
 * once that folder is open for edits.
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>, defaultContext: DecisionContext = SIGNING_DAY) {
  return {
    given(events: readonly E[] = []) {
      const state = (): S => fold(decider, events);
      return {
        /** The state the given events fold into. */
        thenState(expected: S): void {
          expect(state()).toEqual(expected);
        },
        when(command: C, context: DecisionContext = defaultContext) {
          const run = (): E[] => decider.decide(command, state(), context);
          return {
            then(expected: readonly E[]): void {
              expect(run()).toEqual(expected);
            },
            /** The command is accepted and records nothing (an idempotent resend). */
            thenNothing(): void {
              expect(run()).toEqual([]);
            },
            thenThrows(kind: DomainErrorClass, code: string, field?: string): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(kind);
              const { code: actualCode, field: actualField } = thrown as DomainError;
              expect({ code: actualCode, field: actualField }).toEqual({ code, field });
            },
          };
        },
      };
    },
  };
}
