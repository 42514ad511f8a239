import { contextAt, Decider, DecisionContext, fold } from '../shared/decider';
import { DomainError } from '../shared/errors';

/** Any DomainError subclass: the error's class says which HTTP status it maps to. */
export type DomainErrorClass = abstract new (...args: never[]) => DomainError;

/** 2021-03-30 10:00 Beijing time: the day the 2020 report was signed. */
export const SIGNING_DAY = contextAt(Date.parse('2021-03-30T10:00:00+08:00'));

/**
 * Given/when/then for a decider (emmett's `DeciderSpecification`):
 * `spec.given(events).when(command).then(events)` or `.thenThrows(ErrorClass, code, field)`.
 * The state is the fold of the given events, so tests state history, not internals.
 * `when` takes the decider's context, or only the parts of it a case changes.
 */
export function deciderSpec<C, E, S, X extends DecisionContext = DecisionContext>(
  decider: Decider<C, E, S, X>,
  defaultContext: X = SIGNING_DAY as X,
) {
  return {
    given(events: readonly E[] = []) {
      const state = (): S => fold(decider, events);
      return {
        /** The state the given events fold into. */
        thenState(expected: S): void {
          expect(state()).toEqual(expected);
        },
        when(command: C, context: Partial<X> = {}) {
          const run = (): E[] => decider.decide(command, state(), { ...defaultContext, ...context });
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
