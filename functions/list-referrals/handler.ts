import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { referralsVisibleTo } from '../../shared/application/read-models.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { ListReferralsQuery } from '../../shared/schemas/referral.js';

const deps = productionDependencies();

export const handler = apiHandler({ query: ListReferralsQuery }, async (request) => ({
  status: 200,
  body: await referralsVisibleTo(deps, request.actor, request.query),
}));
