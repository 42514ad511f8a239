import { readFileSync } from 'node:fs';
import { CLIENT_ENTRY, checkUiAssets, liveOpenApiDocument } from '../apps/ledger-api/src/ui/testing/ui-assets';

/**
 * The dashboard is built against the OpenAPI document: its generated types must be those of the
 * live document, its client must type-check against them, and the served script must be built
 * from the current client. When this fails after an API change, regenerate:
 *   node -r @swc-node/register apps/ledger-api/src/ui/testing/ui-assets.ts --write
 */
describe('the dashboard assets', () => {
  it('are generated from the current OpenAPI document and client', async () => {
    const result = await checkUiAssets(false);
    expect(result).toEqual({ schemaCurrent: true, clientCurrent: true, typeErrors: '' });
  }, 120_000);

  it('call only documented operations, each with a described success response', async () => {
    const document = (await liveOpenApiDocument()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
      >;
    };
    // The operations the page calls, read from its source (openapi-fetch calls name path and method).
    const used = [...readFileSync(CLIENT_ENTRY, 'utf8').matchAll(/client\.(GET|POST|PUT|DELETE)\('([^']+)'/g)].map(
      ([, method, p]) => ({ method: method.toLowerCase(), path: p }),
    );
    expect(used.length).toBeGreaterThan(8);
    const problems = used.flatMap(({ method, path }) => {
      const responses = document.paths[path]?.[method]?.responses;
      if (!responses) return [`${method.toUpperCase()} ${path} is not in the OpenAPI document`];
      const success = Object.entries(responses).filter(([status]) => /^2/.test(status));
      if (success.length === 0) return [`${method.toUpperCase()} ${path} documents no success response`];
      // 204 has no body to describe; any other success names its schema.
      return success.some(([status, r]) => status === '204' || Object.values(r.content ?? {}).some((c) => c.schema))
        ? []
        : [`${method.toUpperCase()} ${path}: its success response has no schema`];
    });
    expect(problems).toEqual([]);
  }, 120_000);
});
