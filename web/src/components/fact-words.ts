/**
 * The facts a copy variant states, in words ("free shipping", "units in stock"), for the line under
 * it: the generator's keys (`offer.free_shipping`, `stock.units`) are its contract, not a
 * marketer's vocabulary.
 */
const WORDS: Record<string, string> = {
  product: 'the product',
  next_category: 'their likely next category',
  'social_proof.count': "last month's buyer count",
  'stock.units': 'units in stock',
  'stock.status': 'low stock',
  'offer.discount_percent': 'the discount',
  'offer.reward_percent': 'the reward',
  'offer.free_shipping': 'free shipping',
  'offer.deadline': 'the deadline',
};

export function factWords(keys: readonly string[]): string {
  return keys.map((k) => WORDS[k] ?? k.replace(/[._]/g, ' ')).join(', ');
}
