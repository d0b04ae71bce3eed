import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { productionDependencies } from '../../shared/adapters/dependencies.js';
import { type SweepReport, sweepSla } from '../../shared/application/sla-sweep.js';
import { logger } from '../../shared/observability/logger.js';

const deps = productionDependencies();

/** Run by the scheduled rule every few minutes; a failed run is retried, then dead-lettered. */
export const handler = middy<ScheduledEvent, SweepReport, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const report = await sweepSla(deps);
    logger.info('SLA sweep', { ...report });
    return report;
  });
