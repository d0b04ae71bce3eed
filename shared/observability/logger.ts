import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per cold start. Log ids and outcomes, never bodies or personal data. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'jisr' });
