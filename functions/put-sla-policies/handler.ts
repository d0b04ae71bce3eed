import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { replaceSlaPolicies } from '../../shared/application/sla-settings.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { ReplaceSlaPoliciesRequest } from '../../shared/schemas/sla.js';

const deps = productionDependencies();

export const handler = apiHandler({ body: ReplaceSlaPoliciesRequest }, async ({ actor, body }) => ({
  status: 200,
  body: await replaceSlaPolicies(deps, actor, body),
}));
