import { contactVault } from '../../shared/adapters/contact-vault-dependency.js';
import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { referral } from '../../shared/application/read-models.js';
import { apiHandler, pathId } from '../../shared/http/api-handler.js';
import { Ulid } from '../../shared/schemas/common.js';

const deps = productionDependencies({ contactVault: contactVault() });

export const handler = apiHandler({}, async (request) => ({
  status: 200,
  body: await referral(deps, request.actor, pathId(request, 'id', Ulid)),
}));
