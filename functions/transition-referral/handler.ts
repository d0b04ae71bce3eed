import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { idempotent } from '../../shared/adapters/idempotency.js';
import { transitionReferral } from '../../shared/application/transition-referral.js';
import type { Actor } from '../../shared/domain/actor.js';
import { apiHandler, pathId } from '../../shared/http/api-handler.js';
import { idempotencyKey } from '../../shared/http/idempotency-key.js';
import { Ulid } from '../../shared/schemas/common.js';
import { TransitionRequest } from '../../shared/schemas/transition.js';

const deps = productionDependencies();

type Command = {
  scope: string;
  key: string;
  payload: { referralId: string; request: TransitionRequest };
  actor: Actor;
};

const transitionOnce = idempotent('transition-referral', async ({ actor, payload }: Command) => ({
  referral: await transitionReferral(deps, actor, payload.referralId, payload.request),
}));

export const handler = apiHandler({ body: TransitionRequest }, async (request) => {
  const referralId = pathId(request, 'id', Ulid);
  const key = idempotencyKey(request, { required: false });
  if (key === undefined) {
    return { status: 200, body: await transitionReferral(deps, request.actor, referralId, request.body) };
  }
  const { referral, replayed } = await transitionOnce(
    {
      scope: request.actor.userId,
      key,
      payload: { referralId, request: request.body },
      actor: request.actor,
    },
    request.context,
  );
  return { status: 200, body: referral, headers: { 'idempotent-replayed': String(replayed) } };
});
