import type { Citation } from '../ask-result.js';

/** What the extractive composer has to put into a JSON answer. */
export interface FillParts {
  /** The selected sentences as one paragraph. */
  prose: string;
  /** The selected sentences one by one. */
  items: string[];
  citations: Citation[];
  /** Whether the request is being handed to a person (decided before the answer is written). */
  handoff: boolean;
}

type Schema = Record<string, unknown>;

/**
 * Fill a JSON Schema from extracted sentences, by convention: a string property gets the prose, an array
 * of strings the sentences, an array of objects with `id` the citations (id, version, title,
 * effective_from as the item schema asks), a boolean named like `handoff` whether there is one and
 * one named like `refused` false. A required property
 * that fits none of these is left out, so validation reports it instead of Seam inventing a value.
 */
export function fillSchema(schema: Schema, parts: FillParts): unknown {
  return fill(schema, parts, '');
}

function fill(schema: Schema, parts: FillParts, name: string): unknown {
  const type = schema.type;
  if (type === 'object' || (type === undefined && typeof schema.properties === 'object')) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const result: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(properties)) {
      const value = fill(property, parts, key);
      if (value !== undefined && (required.has(key) || !isEmpty(value))) result[key] = value;
    }
    return result;
  }
  if (type === 'string') {
    if (Array.isArray(schema.enum)) return undefined;
    return parts.prose;
  }
  if (type === 'array') {
    const items = (schema.items ?? {}) as Schema;
    const itemProperties = (items.properties ?? {}) as Record<string, unknown>;
    if (items.type === 'string') {
      const limited = typeof schema.maxItems === 'number' ? parts.items.slice(0, schema.maxItems) : parts.items;
      return limited;
    }
    if ((items.type === 'object' || items.properties) && 'id' in itemProperties) {
      return parts.citations.map((citation) =>
        Object.fromEntries(Object.entries(citation).filter(([field]) => field in itemProperties)),
      );
    }
    return undefined;
  }
  if (type === 'boolean') {
    if (/handoff|escalat|human/i.test(name)) return parts.handoff;
    return /refus|declin/i.test(name) ? false : undefined;
  }
  return undefined;
}

function isEmpty(value: unknown): boolean {
  return value === '' || (Array.isArray(value) && value.length === 0);
}
