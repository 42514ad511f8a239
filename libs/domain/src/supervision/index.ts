/** Supervision facts: inspections, rectifications, complaints and appeals (events, commands, deciders). */
export * from './supervision.events';
export * from './supervision.commands';
export * from './inspection.decider';
export * from './rectification.decider';
export * from './complaint.decider';
export * from './appeal.decider';
