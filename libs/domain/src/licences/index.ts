/** The licence's own life after the grant: events, commands, state and decider. */
export * from './licence.events';
export * from './licence.commands';
export * from './licence.state';
export * from './licence.decider';
