export { type AppendFault, KurrentDbTestServer, type KurrentDbTestServerOptions } from './kurrentdb-test-server';
