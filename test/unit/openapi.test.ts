import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundling.js';
import { openApiDocument } from '../../infra/openapi.js';
import { ROUTES } from '../../infra/routes.js';

describe('OpenAPI document', () => {
  const document = openApiDocument();

  it('documents every route of the route table, each behind the bearer token', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('derives the report-need body from the validating schema, limits included', () => {
    const body = (
      document.paths['/v1/needs'] as {
        post: { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } };
      }
    ).post.requestBody.content['application/json']?.schema as {
      properties: Record<string, { maxLength?: number; maxItems?: number }>;
      additionalProperties: boolean;
    };
    expect(body.properties.description?.maxLength).toBe(2000);
    expect(body.properties.categories?.maxItems).toBe(3);
    expect(body.additionalProperties).toBe(false);
  });

  it('is committed up to date in docs/openapi.json (run `npm run openapi` after changing routes or schemas)', () => {
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
