/** Writes docs/openapi.json from the route table (npm run openapi). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/bundling.js';
import { openApiDocument } from '../infra/openapi.js';

export const OPENAPI_FILE = join(REPO_ROOT, 'docs', 'openapi.json');
writeFileSync(OPENAPI_FILE, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
