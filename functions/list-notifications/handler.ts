import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { notificationsOf } from '../../shared/application/read-models.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { NotificationsQuery } from '../../shared/schemas/transition.js';

const deps = productionDependencies();

export const handler = apiHandler({ query: NotificationsQuery }, async (request) => ({
  status: 200,
  body: await notificationsOf(deps, request.actor, request.query, request.headers['accept-language']),
  headers: { vary: 'Accept-Language' },
}));
