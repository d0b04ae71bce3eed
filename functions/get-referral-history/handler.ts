import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { referralHistory } from '../../shared/application/read-models.js';
import { apiHandler, pathId } from '../../shared/http/api-handler.js';
import { Ulid } from '../../shared/schemas/common.js';
import { HistoryQuery } from '../../shared/schemas/transition.js';

const deps = productionDependencies();

export const handler = apiHandler({ query: HistoryQuery }, async (request) => ({
  status: 200,
  body: await referralHistory(deps, request.actor, pathId(request, 'id', Ulid), request.query),
}));
