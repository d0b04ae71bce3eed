import { whoAmI } from '../../shared/application/read-models.js';
import { apiHandler } from '../../shared/http/api-handler.js';

export const handler = apiHandler({}, async ({ actor }) => ({ status: 200, body: whoAmI(actor) }));
