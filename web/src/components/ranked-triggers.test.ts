import { describe, expect, it } from 'vitest';
import { resolutionText } from './ranked-triggers.tsx';

describe("the workspace's reading of a brief's product word", () => {
  it('names the products and the categories that hold them', () => {
    expect(
      resolutionText({
        from: 'sneakers',
        tag: 'limited_edition',
        matched_products: 3,
        categories: [
          { category: 'kids', products: 1 },
          { category: 'shoes', products: 2 },
        ],
        by: 'products',
      }),
    ).toBe('"sneakers" read as the 3 limited edition products named so (1 in kids, 2 in shoes).');
    expect(
      resolutionText({
        from: 'widgets',
        matched_products: 101,
        categories: [{ category: 'home', products: 101 }],
        by: 'categories',
      }),
    ).toBe(
      '"widgets" names 101 products (101 in home), too many to list: the audience takes their categories.',
    );
    expect(
      resolutionText({ from: 'sneakers', tag: 'vegan', matched_products: 0, categories: [], by: 'products' }),
    ).toBe('"sneakers": no vegan product is named so, so no one matches.');
  });
});
