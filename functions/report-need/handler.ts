import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { reportNeed } from '../../shared/application/report-need.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { idempotencyKey } from '../../shared/http/idempotency-key.js';
import { ReportNeedRequest } from '../../shared/schemas/need.js';

const deps = productionDependencies();

export const handler = apiHandler({ body: ReportNeedRequest }, async (request) => {
  const { response, replayed } = await reportNeed(deps, request.actor, request.body, idempotencyKey(request));
  return {
    status: 201,
    body: response,
    headers: { location: `/v1/needs/${response.need.id}`, 'idempotent-replayed': String(replayed) },
  };
});
