/** Indicators reported by other systems: events, commands, the decider and its queries. */
export * from './indicator.events';
export * from './indicator.commands';
export * from './indicator.decider';
