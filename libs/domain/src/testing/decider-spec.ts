import { DomainError } from '../shared/errors';

interface AnyDecider<C, E, S, X> {
  decide(command: C, state: S, context: X): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

/**
 * Given/when/then for deciders: `given(events).when(command).then(expectedEvents)` or
 * `.thenThrows(code, field?)`. The state is always folded from events, never built by hand.
 */
export function deciderSpec<C, E, S, X>(decider: AnyDecider<C, E, S, X>, context: () => X) {
  return {
    given(events: E[] = []) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: C, overrides: Partial<X> = {}) {
          const run = () => decider.decide(command, state, { ...context(), ...overrides });
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string, field?: string): void {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainError);
              expect((caught as DomainError).code).toBe(code);
              if (field !== undefined) expect((caught as DomainError).field).toBe(field);
            },
          };
        },
      };
    },
  };
}
