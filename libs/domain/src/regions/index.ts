/** The region hierarchy (province → city → county → agency): its rules, the loaded event and the queries. */
export * from './region-hierarchy';
export * from './region.events';
