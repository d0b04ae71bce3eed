import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { dashboard } from '../../shared/application/dashboard.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { DashboardQuery } from '../../shared/schemas/dashboard.js';

const deps = productionDependencies();

export const handler = apiHandler({ query: DashboardQuery }, async ({ actor, query }) => ({
  status: 200,
  body: await dashboard(deps, actor, query),
}));
