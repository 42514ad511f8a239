export { KurrentDbTestServer, type KurrentDbTestServerOptions } from './kurrentdb-test-server';
