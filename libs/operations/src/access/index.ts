export * from './roles';
export * from './principal';
export * from './api-keys';
export * from './jwt-verifier';
export * from './access-settings';
export * from './access.guard';
export * from './auth-failure-throttle';
export * from './sessions';
