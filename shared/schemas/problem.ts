import * as z from 'zod';

/** RFC 9457 problem details, with the offending fields for validation errors. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .describe('The offending fields, for validation errors'),
});
export type Problem = z.infer<typeof Problem>;
