import { Rng } from '../core/rng.ts';
import { SeededFaker } from './fake-data.ts';
import { CATEGORIES } from './traits.ts';

/**
 * The shop's product and content catalogue, shared by every customer and drawn once from the
 * run's seed. Prices are log-normal within a category (a few expensive pieces per category),
 * which makes order values right-skewed.
 */
export interface Product {
  id: string;
  name: string;
  category: number;
  price: number;
  cost: number;
  stock: number;
  tags: string[];
  launchedDay: number;
  exclusive: boolean;
}

export interface ContentItem {
  id: string;
  title: string;
  kind: string;
  category: number;
}

export interface Catalogue {
  products: Product[];
  /** Per category: product indices sorted by price, and their prices. */
  byCategory: { index: Int32Array; price: Float64Array }[];
  /** Per category: indices of limited-edition / VIP products. */
  exclusiveByCategory: number[][];
  content: ContentItem[];
  contentByCategory: number[][];
}

/** Median item price of each category (USD), in CATEGORIES order. */
const CATEGORY_MEDIAN_PRICE = [32, 68, 52, 120, 88, 95, 24, 45, 26, 44, 38, 28];
const CATEGORY_NOUNS = [
  ['Tee', 'Blouse', 'Tank', 'Shirt', 'Sweater'],
  ['Midi Dress', 'Maxi Dress', 'Slip Dress', 'Wrap Dress'],
  ['Jeans', 'Trousers', 'Skirt', 'Shorts', 'Chinos'],
  ['Coat', 'Parka', 'Blazer', 'Trench', 'Puffer'],
  ['Sneakers', 'Boots', 'Loafers', 'Sandals', 'Heels'],
  ['Tote', 'Crossbody', 'Backpack', 'Clutch'],
  ['Scarf', 'Belt', 'Cap', 'Sunglasses', 'Gloves'],
  ['Necklace', 'Earrings', 'Ring', 'Bracelet'],
  ['Serum', 'Lip Tint', 'Cleanser', 'Fragrance'],
  ['Leggings', 'Sports Bra', 'Hoodie', 'Joggers'],
  ['Candle', 'Throw', 'Vase', 'Cushion'],
  ['Kids Tee', 'Kids Jacket', 'Kids Sneakers', 'Romper'],
];
export const PRODUCTS_PER_CATEGORY = 160;
export const CONTENT_ITEMS = 180;
const CONTENT_KINDS = ['guide', 'story', 'lookbook', 'how_to'] as const;

export function buildCatalogue(seed: number | string): Catalogue {
  const rng = Rng.derive(seed, 'catalogue');
  const faker = new SeededFaker().use(rng).for('USA');
  const products: Product[] = [];
  const byCategory: Catalogue['byCategory'] = [];
  const exclusiveByCategory: number[][] = [];
  for (let c = 0; c < CATEGORIES.length; c++) {
    const start = products.length;
    for (let k = 0; k < PRODUCTS_PER_CATEGORY; k++) {
      const price = Math.max(6, Math.round(CATEGORY_MEDIAN_PRICE[c]! * rng.logNormal(0, 0.5)) - 0.01);
      const margin = rng.uniform(0.42, 0.68);
      const tags: string[] = [];
      const r = rng.next();
      if (r < 0.06) tags.push('limited_edition');
      else if (r < 0.1) tags.push('vip');
      if (rng.bernoulli(0.08)) tags.push('bestseller');
      const launchedDay = rng.uniform(-400, 700);
      if (launchedDay > 560) tags.push('new_collection');
      const noun = rng.pick(CATEGORY_NOUNS[c]!);
      products.push({
        id: `p${String(products.length).padStart(5, '0')}`,
        name: `${faker.commerce.productAdjective()} ${faker.commerce.productMaterial()} ${noun}`,
        category: c,
        price,
        cost: Math.round(price * (1 - margin) * 100) / 100,
        stock: tags.includes('limited_edition') ? rng.int(40) : 20 + rng.int(900),
        tags,
        launchedDay,
        exclusive: tags.includes('limited_edition') || tags.includes('vip'),
      });
    }
    const idx = Array.from({ length: PRODUCTS_PER_CATEGORY }, (_, k) => start + k);
    idx.sort((a, b) => products[a]!.price - products[b]!.price || a - b);
    byCategory.push({
      index: Int32Array.from(idx),
      price: Float64Array.from(idx.map((i) => products[i]!.price)),
    });
    exclusiveByCategory.push(idx.filter((i) => products[i]!.exclusive));
  }
  const content: ContentItem[] = [];
  const contentByCategory: number[][] = CATEGORIES.map(() => []);
  for (let k = 0; k < CONTENT_ITEMS; k++) {
    const category = rng.int(CATEGORIES.length);
    const kind = rng.pick(CONTENT_KINDS);
    const topic = `${faker.commerce.productAdjective()} ${CATEGORIES[category]}`;
    const title =
      kind === 'guide'
        ? `The guide to ${topic}`
        : kind === 'how_to'
          ? `How to style ${topic}`
          : kind === 'lookbook'
            ? `Lookbook: ${faker.word.adjective()} ${CATEGORIES[category]}`
            : `Story: ${faker.person.firstName()} and the ${topic}`;
    contentByCategory[category]!.push(content.length);
    content.push({ id: `ct${String(k).padStart(4, '0')}`, title, kind, category });
  }
  return { products, byCategory, exclusiveByCategory, content, contentByCategory };
}

/** Position (in the category's price order) of the product whose price is nearest `target`. */
export function nearestPosition(cat: Catalogue, c: number, target: number): number {
  const { price } = cat.byCategory[c]!;
  let lo = 0;
  let hi = price.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((price[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && target - (price[lo - 1] as number) < (price[lo] as number) - target) lo--;
  return lo;
}
