/**
 * HTTP load with autocannon, in the orchestrator's process (the API runs in its own child, so the
 * two share the machine's cores as a client and a server on one host would). Latencies are
 * collected from autocannon's per-response event, in fractional milliseconds (its own
 * histogram rounds to whole milliseconds).
 */
import { LatencySummary, Samples } from './stats';

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  requests?: AutocannonRequest[];
  headers?: Record<string, string>;
  method?: string;
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: { average: number; total: number; sent: number };
  latency: { p50: number; p99: number };
  '2xx': number;
}

interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
  ): void;
  on(event: 'done', listener: (result: AutocannonResult) => void): void;
}

type Autocannon = (
  options: AutocannonOptions,
  callback: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = require('autocannon') as Autocannon;

export interface LoadResult {
  readonly seconds: number;
  readonly requests: number;
  readonly ok: number;
  readonly failed: number;
  readonly requestsPerSecond: number;
  /** Latency of the 2xx responses. */
  readonly latency: LatencySummary;
  readonly statusCounts: Record<string, number>;
}

export function runLoad(options: AutocannonOptions): Promise<LoadResult> {
  const latencies = new Samples();
  const statusCounts: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => {
      if (error) {
        reject(error);
        return;
      }
      const ok = result['2xx'];
      resolve({
        seconds: result.duration,
        requests: result.requests.total,
        ok,
        failed: result.requests.total - ok + result.errors + result.timeouts,
        requestsPerSecond: ok / result.duration,
        latency: latencies.summary(),
        statusCounts,
      });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
  });
}
