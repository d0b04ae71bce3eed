import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { alertsFor } from '../../shared/application/cohesion-alerts.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { ListAlertsQuery } from '../../shared/schemas/alert.js';

const deps = productionDependencies();

export const handler = apiHandler({ query: ListAlertsQuery }, async (request) => ({
  status: 200,
  body: await alertsFor(deps, request.actor, request.query),
}));
