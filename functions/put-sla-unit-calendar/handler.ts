import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { replaceUnitCalendar } from '../../shared/application/sla-settings.js';
import { apiHandler, pathId } from '../../shared/http/api-handler.js';
import { CatalogId } from '../../shared/schemas/common.js';
import { ReplaceUnitCalendarRequest } from '../../shared/schemas/sla.js';

const deps = productionDependencies();

export const handler = apiHandler({ body: ReplaceUnitCalendarRequest }, async (request) => ({
  status: 200,
  body: await replaceUnitCalendar(deps, request.actor, pathId(request, 'unitId', CatalogId), request.body),
}));
