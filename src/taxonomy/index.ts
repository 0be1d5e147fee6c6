// The taxonomy: ten categories of "make the bot better", each with its home, intervention and costs.
import { taxonomy } from './categories.js';
import type { Category } from './category.js';

export { taxonomy } from './categories.js';
export type * from './category.js';

/** One of the ten category ids: `style`, `format`, … `deletable_private_data`. */
export type CategoryId = (typeof taxonomy)[number]['id'];

/** A category with its literal id, as stored in the taxonomy. */
export type TaxonomyCategory = Category & { id: CategoryId };

/** Every category id, in the BRIEF's order (behavior, then knowledge, then control). */
export const categoryIds: readonly CategoryId[] = taxonomy.map((category) => category.id);

const byId = new Map<string, TaxonomyCategory>(taxonomy.map((category) => [category.id, category]));

export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && byId.has(value);
}

/** The category with this id. */
export function getCategory(id: CategoryId): TaxonomyCategory {
  const category = byId.get(id);
  if (!category) throw new Error(`unknown taxonomy category '${id}'`);
  return category;
}

/** Sort category ids into the taxonomy's order and drop duplicates. */
export function inTaxonomyOrder(ids: Iterable<CategoryId>): CategoryId[] {
  const wanted = new Set(ids);
  return categoryIds.filter((id) => wanted.has(id));
}
