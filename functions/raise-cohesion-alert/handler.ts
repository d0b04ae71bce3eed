import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { raiseCohesionAlert } from '../../shared/application/cohesion-alerts.js';
import { eventHandler } from '../../shared/events/event-handler.js';
import { logger } from '../../shared/observability/logger.js';

const deps = productionDependencies();

export const handler = eventHandler(['CohesionRiskFlagged'], async ({ detail }) => {
  const outcome = await raiseCohesionAlert(deps, detail);
  logger.info('cohesion alert', { needId: detail.needId, ...outcome });
});
