import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { replaceCalendar } from '../../shared/application/sla-settings.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { ReplaceCalendarRequest } from '../../shared/schemas/sla.js';

const deps = productionDependencies();

export const handler = apiHandler({ body: ReplaceCalendarRequest }, async ({ actor, body }) => ({
  status: 200,
  body: await replaceCalendar(deps, actor, body),
}));
