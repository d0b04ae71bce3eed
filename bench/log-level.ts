/**
 * Imported first by bench/run.ts: the handlers the bench calls in-process log errors only. The
 * Powertools logger takes its level from the environment when it is made, and resets to that
 * level at every invocation, so it must be set before any module makes it.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
