import { contactVault } from '../../shared/adapters/contact-vault-dependency.js';
import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { idempotent } from '../../shared/adapters/idempotency.js';
import { reportNeed } from '../../shared/application/report-need.js';
import type { Actor } from '../../shared/domain/actor.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { idempotencyKey } from '../../shared/http/idempotency-key.js';
import { ReportNeedRequest } from '../../shared/schemas/need.js';

const deps = productionDependencies({ contactVault: contactVault() });

const reportOnce = idempotent(
  'report-need',
  async (command: { scope: string; key: string; payload: ReportNeedRequest; actor: Actor }) => ({
    ...(await reportNeed(deps, command.actor, command.payload, command.key)),
  }),
);

export const handler = apiHandler({ body: ReportNeedRequest }, async (request) => {
  const key = idempotencyKey(request, { required: true }) as string;
  const { replayed, response } = await reportOnce(
    { scope: request.actor.userId, key, payload: request.body, actor: request.actor },
    request.context,
  );
  return {
    status: 201,
    body: response,
    headers: { location: `/v1/needs/${response.need.id}`, 'idempotent-replayed': String(replayed) },
  };
});
