import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { hotspotRuleFor } from '../../shared/application/cohesion-alerts.js';
import { apiHandler } from '../../shared/http/api-handler.js';

const deps = productionDependencies();

export const handler = apiHandler({}, async ({ actor }) => ({
  status: 200,
  body: await hotspotRuleFor(deps, actor),
}));
