import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { councilCatalog } from '../../shared/application/read-models.js';
import { apiHandler } from '../../shared/http/api-handler.js';

const deps = productionDependencies();

export const handler = apiHandler({}, async () => ({
  status: 200,
  body: await councilCatalog(deps),
  // The catalog changes rarely; let browsers keep it for a minute.
  headers: { 'cache-control': 'private, max-age=60' },
}));
