import * as z from './zod';
import { FieldSpecSchema, type Policy } from './policy';

/** The public list of complaint categories (GET /categories): what the form needs, nothing internal. */
export const PublicCategoriesSchema = z.object({
    policy: z.object({
      name: z.string(),
      version: z.string(),
      /** The greeting and closing every message of the policy carries (the service adds them; a console shows them). */
      messages: z.object({ greeting: z.optional(z.string()), closing: z.optional(z.string()) }),
    }),
    categories: z.array(
      z.object({ slug: z.string(), label: z.string(), description: z.string(), details: z.array(FieldSpecSchema) }),
    ),
  }).register(z.globalRegistry, { id: 'Categories' });
export type PublicCategories = z.infer<typeof PublicCategoriesSchema>;

export const publicCategories = (policy: Policy): PublicCategories => ({
  policy: {
    name: policy.name,
    version: policy.version,
    messages: { ...(policy.messages.greeting ? { greeting: policy.messages.greeting } : {}), ...(policy.messages.closing ? { closing: policy.messages.closing } : {}) },
  },
  categories: policy.categories.map(({ slug, label, description, details }) => ({ slug, label, description, details })),
});
