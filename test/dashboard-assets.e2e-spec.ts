import { checkUiAssets, liveOpenApiDocument } from '../apps/ledger-api/src/ui/testing/ui-assets';

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

  it('read only documented paths, and name the responses the document leaves undescribed', async () => {
    const document = (await liveOpenApiDocument()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
    const used = [
      '/v1/figures/{year}', '/v1/figures/{year}/departments', '/v1/figures/{year}/monthly', '/v1/audit/compliance/{year}', '/v1/audit/applications/{id}/replay',
      '/v1/streams/{streamId}/events', '/v1/reports/{year}', '/v1/reports/{year}/texts', '/v1/trails/{kind}/{id}',
    ];
    const undescribed = used.filter((p) => {
      const ok = document.paths[p]?.get?.responses?.['200'];
      if (!ok) throw new Error(`the dashboard reads ${p}, which the OpenAPI document does not have`);
      return !Object.values(ok.content ?? {}).some((c) => c.schema);
    });
    // The reports' own endpoints are fully described; the others are reported, not hidden.
    for (const own of ['/v1/figures/{year}/monthly', '/v1/reports/{year}', '/v1/reports/{year}/texts', '/v1/trails/{kind}/{id}']) expect(undescribed).not.toContain(own);
    if (undescribed.length) console.log(`OpenAPI gaps for the reporting UI (200 responses without a schema): ${undescribed.join(', ')}`);
  }, 120_000);
});
