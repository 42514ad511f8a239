export * from './json-logger';
export * from './health.controller';
export * from './metrics.controller';
export * from './projection-metrics';
export * from './operations.module';
export * from './access';
