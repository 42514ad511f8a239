/** The licensing-item catalogue: events, commands, the decider and the in-force queries. */
export * from './item.events';
export * from './item.commands';
export * from './item.decider';
