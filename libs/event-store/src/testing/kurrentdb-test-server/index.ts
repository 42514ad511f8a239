export {
  type AppendFault,
  KurrentDbTestServer,
  type KurrentDbTestServerOptions,
  type SubscriptionFlow,
} from './kurrentdb-test-server';
