import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { changeHotspotRule } from '../../shared/application/cohesion-alerts.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { HotspotRuleSettings } from '../../shared/schemas/alert.js';

const deps = productionDependencies();

export const handler = apiHandler({ body: HotspotRuleSettings }, async ({ actor, body }) => ({
  status: 200,
  body: await changeHotspotRule(deps, actor, body),
}));
