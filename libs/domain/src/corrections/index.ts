/** Corrections of mis-recorded facts: the event, its rules, and the one application of corrections. */
export * from './correction.events';
export * from './correctable-fields';
export * from './correction.decider';
export * from './corrected-history';
