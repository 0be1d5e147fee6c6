/**
 * Nouns for things a shop sells. A capitalised name followed by one ("Calvin Klein Shirt", "a Michael Kors bag")
 * or ending in one is a brand and its product, not a person. General retail vocabulary: clothing, accessories,
 * electronics, home goods and plans, singular (a plural `s` or `es` is dropped before the lookup).
 */
const nouns = `
shirt tshirt t-shirt blouse top tee polo sweater jumper hoodie sweatshirt cardigan jacket coat parka blazer vest
suit dress skirt jeans jean trouser pant short legging jogger sock underwear bra swimsuit bikini pajama robe
shoe sneaker trainer boot sandal heel loafer slipper flip-flop
bag handbag purse wallet backpack tote belt scarf glove hat cap beanie tie sunglass glass watch bracelet
necklace ring earring perfume cologne fragrance lipstick mascara lotion shampoo
phone smartphone laptop notebook tablet monitor screen headphone earbud speaker charger cable keyboard mouse
camera console controller printer router tv television
mattress pillow blanket sofa couch chair table lamp rug mug kettle blender toaster grinder
bike bicycle helmet stroller
subscription plan bundle kit pack edition collection model series
`;

export const productNouns: ReadonlySet<string> = new Set(nouns.split(/\s+/).filter(Boolean));

/** Whether a word (any case) is a product noun, singular or plural. */
export function isProductNoun(word: string): boolean {
  const lower = word.toLowerCase();
  if (productNouns.has(lower)) return true;
  if (lower.endsWith('es') && productNouns.has(lower.slice(0, -2))) return true;
  return lower.endsWith('s') && productNouns.has(lower.slice(0, -1));
}
