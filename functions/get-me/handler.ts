import { whoAmI } from '../../shared/application/who-am-i.js';
import { apiHandler } from '../../shared/http/api-handler.js';

export const handler = apiHandler({}, async ({ actor }) => ({ status: 200, body: whoAmI(actor) }));
