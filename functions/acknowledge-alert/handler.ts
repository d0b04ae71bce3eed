import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { acknowledgeAlert } from '../../shared/application/cohesion-alerts.js';
import { apiHandler, pathId } from '../../shared/http/api-handler.js';
import { AcknowledgeAlertRequest, AlertId } from '../../shared/schemas/alert.js';

const deps = productionDependencies();

export const handler = apiHandler({ body: AcknowledgeAlertRequest }, async (request) => ({
  status: 200,
  body: await acknowledgeAlert(deps, request.actor, pathId(request, 'id', AlertId), request.body.note),
}));
