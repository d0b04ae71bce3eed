import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { slaSettingsFor } from '../../shared/application/sla-settings.js';
import { apiHandler } from '../../shared/http/api-handler.js';

const deps = productionDependencies();

export const handler = apiHandler({}, async ({ actor }) => ({
  status: 200,
  body: await slaSettingsFor(deps, actor),
}));
