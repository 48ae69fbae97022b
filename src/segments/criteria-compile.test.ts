import { describe, expect, it } from 'vitest';
import type { Criteria } from '../contracts/criteria.ts';
import { InvalidInput } from '../core/errors.ts';
import { openStore } from '../store/open.ts';
import { compileCriteria } from './criteria-compile.ts';
import { renderCriteria } from './criteria-render.ts';

const SEED: Criteria = {
  all: [
    { field: 'clv_score', op: '>=', value: 0.8 },
    { field: 'uplift_score_for_free_shipping', op: '>', value: 0.07 },
    {
      any: [
        { field: 'location_country', op: 'in', value: ['USA', 'Canada'] },
        { not: { field: 'has_ever_returned_item', op: '=', value: true } },
      ],
    },
  ],
};

const EVENT: Criteria = {
  all: [
    { event: 'viewed_product', where: { tag: 'limited_edition' }, within_days: 14 },
    { event: 'purchased', where: { category: 'shoes' }, min_count: 2 },
    { field: 'product_categories_purchased', op: 'contains', value: 'bags' },
  ],
};

function invalid(c: unknown): InvalidInput {
  try {
    compileCriteria(c as Criteria, 'duckdb');
  } catch (e) {
    if (e instanceof InvalidInput) return e;
    throw e;
  }
  throw new Error('expected InvalidInput');
}

describe('criteria compiler', () => {
  it('compiles the seed criteria for DuckDB with values only in the parameters', () => {
    expect(compileCriteria(SEED, 'duckdb')).toEqual({
      sql:
        'p.clv_score >= $1 AND p.uplift_score_for_free_shipping > $2 AND ' +
        '(p.location_country IN ($3, $4) OR NOT (p.has_ever_returned_item = $5))',
      params: [0.8, 0.07, 'USA', 'Canada', true],
    });
  });

  it('compiles the seed criteria for PostgreSQL, overriding only what differs', () => {
    expect(compileCriteria(SEED, 'postgres')).toEqual({
      sql:
        'p.clv_score >= $1 AND p.uplift_score_for_free_shipping > $2 AND ' +
        '(p.location_country = ANY($3) OR NOT (p.has_ever_returned_item = $4))',
      params: [0.8, 0.07, ['USA', 'Canada'], true],
    });
  });

  it('compiles event predicates to correlated subqueries counted back from as_of', () => {
    const asOf =
      "coalesce((SELECT CAST(value AS TIMESTAMP) FROM meta WHERE key = 'as_of'), (SELECT CAST(nullif(value, '') AS TIMESTAMP) FROM meta WHERE key = 'profile_facts_as_of'))";
    expect(compileCriteria(EVENT, 'duckdb', { alias: 'x', paramOffset: 2 })).toEqual({
      sql:
        "EXISTS (SELECT 1 FROM page_views ev JOIN products pr ON pr.product_id = ev.product_id WHERE ev.customer_id = x.customer_id AND ev.page_type = 'product' AND list_contains(pr.tags, $3) AND ev.viewed_at >= " +
        `${asOf} - to_days(CAST($4 AS INTEGER))) AND ` +
        '(SELECT count(DISTINCT ev.order_id) FROM orders ev JOIN order_items it ON it.order_id = ev.order_id JOIN products pr ON pr.product_id = it.product_id WHERE ev.customer_id = x.customer_id AND pr.category = $5) >= $6 AND ' +
        'list_contains(x.product_categories_purchased, $7)',
      params: ['limited_edition', 14, 'shoes', 2, 'bags'],
    });
    expect(compileCriteria(EVENT, 'postgres', { alias: 'x', paramOffset: 2 })).toEqual({
      sql:
        "EXISTS (SELECT 1 FROM page_views ev JOIN products pr ON pr.product_id = ev.product_id WHERE ev.customer_id = x.customer_id AND ev.page_type = 'product' AND $3 = ANY(pr.tags) AND ev.viewed_at >= " +
        `${asOf} - make_interval(days => CAST($4 AS INTEGER))) AND ` +
        '(SELECT count(DISTINCT ev.order_id) FROM orders ev JOIN order_items it ON it.order_id = ev.order_id JOIN products pr ON pr.product_id = it.product_id WHERE ev.customer_id = x.customer_id AND pr.category = $5) >= $6 AND ' +
        '$7 = ANY(x.product_categories_purchased)',
      params: ['limited_edition', 14, 'shoes', 2, 'bags'],
    });
  });

  it('compiles "any of these products" as one event scan, in both dialects', () => {
    const sneakers: Criteria = {
      any: [
        { event: 'viewed_product', where: { tag: 'limited_edition', product_id: 'p1' }, within_days: 14 },
        { field: 'clv_score', op: '>=', value: 0.8 },
        { event: 'viewed_product', where: { tag: 'limited_edition', product_id: 'p2' }, within_days: 14 },
        { event: 'viewed_product', where: { product_id: 'p3' }, within_days: 14 },
        { event: 'purchased', where: { product_id: 'p4' }, min_count: 2 },
        { event: 'purchased', where: { product_id: 'p5' }, min_count: 2 },
      ],
    };
    const duck = compileCriteria(sneakers, 'duckdb');
    const view = (ids: string) =>
      "EXISTS (SELECT 1 FROM page_views ev JOIN products pr ON pr.product_id = ev.product_id WHERE ev.customer_id = p.customer_id AND ev.page_type = 'product' AND " +
      ids;
    expect(duck.sql.split(' OR ')[0]).toBe(
      `${view('list_contains(pr.tags, $1) AND ev.product_id IN ($2, $3)')} AND ev.viewed_at >= coalesce((SELECT CAST(value AS TIMESTAMP) FROM meta WHERE key = 'as_of'), (SELECT CAST(nullif(value, '') AS TIMESTAMP) FROM meta WHERE key = 'profile_facts_as_of')) - to_days(CAST($4 AS INTEGER)))`,
    );
    expect(duck.params.slice(0, 4)).toEqual(['limited_edition', 'p1', 'p2', 14]);
    // Without the tag it is another condition; a count is per product, so those stay apart.
    expect(duck.sql.match(/EXISTS/g)).toHaveLength(2);
    expect(duck.sql.match(/count\(DISTINCT ev.order_id\)/g)).toHaveLength(2);
    const pg = compileCriteria(sneakers, 'postgres');
    expect(pg.sql).toContain('AND ev.product_id = ANY($2) AND');
    expect(pg.params[1]).toEqual(['p1', 'p2']);
  });

  it('compiles the other operators', () => {
    const c: Criteria = {
      any: [
        { field: 'last_purchase_date', op: 'between', value: ['2024-01-01', '2024-06-30T12:00:00Z'] },
        { field: 'email_address', op: 'contains', value: '@example' },
        { field: 'churn_probability_score', op: 'is_null' },
        { field: 'clv_score', op: 'is_null', value: false },
        { field: 'acquisition_source', op: 'not_in', value: ['ads'] },
        { field: 'session_count', op: '!=', value: 3 },
        { all: [] },
      ],
    };
    expect(compileCriteria(c, 'duckdb')).toEqual({
      sql:
        'p.last_purchase_date BETWEEN CAST($1 AS TIMESTAMP) AND CAST($2 AS TIMESTAMP) OR contains(p.email_address, $3) OR ' +
        'p.churn_probability_score IS NULL OR p.clv_score IS NOT NULL OR p.acquisition_source NOT IN ($4) OR p.session_count <> $5 OR TRUE',
      params: ['2024-01-01 00:00:00.000', '2024-06-30 12:00:00.000', '@example', 'ads', 3],
    });
    expect(compileCriteria(c, 'postgres').sql).toContain('strpos(p.email_address, $3) > 0');
    expect(compileCriteria(c, 'postgres').sql).toContain('NOT (p.acquisition_source = ANY($4))');
  });

  it('rejects bad criteria with 400-class errors naming the path and the reason', () => {
    const cases: [unknown, string, RegExp][] = [
      [
        { field: 'favourite_colour', op: '=', value: 'red' },
        'criteria.field',
        /unknown field "favourite_colour"/,
      ],
      [{ field: 'clv_score', op: '>=', value: 'high' }, 'criteria.value', /number/],
      [{ field: 'has_ever_returned_item', op: '>', value: true }, 'criteria.op', /not valid for boolean/],
      [{ field: 'clv_score', op: 'between', value: [0.1] }, 'criteria.value', /two values/],
      [{ field: 'clv_score', op: 'between', value: [0.9, 0.1] }, 'criteria.value', /low <= high/],
      [{ field: 'location_country', op: 'in', value: 'USA' }, 'criteria.value', /non-empty list/],
      [{ field: 'transaction_history', op: '=', value: 'x' }, 'criteria.field', /cannot be used/],
      [{ field: 'creation_date', op: '>', value: 'yesterday' }, 'criteria.value', /ISO 8601/],
      [
        { all: [{ any: [{ field: 'x', op: '=', value: 1 }] }] },
        'criteria.all[0].any[0].field',
        /unknown field "x"/,
      ],
      [{ event: 'opened_email', where: { tag: 'x' } }, 'criteria.where', /no product category or tag/],
      [{ event: 'viewed_content', where: { tag: 'x' } }, 'criteria.where.tag', /no tags/],
    ];
    for (const [c, name, reason] of cases) {
      const e = invalid(c);
      expect(e.status).toBe(400);
      expect(e.invalidParams[0]?.name).toBe(name);
      expect(e.invalidParams[0]?.reason).toMatch(reason);
    }
  });

  it('bounds the depth of a hostile tree', () => {
    let c: Criteria = { field: 'clv_score', op: '>', value: 0 };
    for (let i = 0; i < 200; i++) c = { not: c };
    expect(invalid(c).message).toMatch(/deeper than/);
  });

  it('renders the same tree as readable text', () => {
    expect(renderCriteria(SEED)).toBe(
      "clv_score >= 0.8 AND uplift_score_for_free_shipping > 0.07 AND (location_country IN ('USA', 'Canada') OR NOT (has_ever_returned_item = true))",
    );
    expect(renderCriteria(EVENT)).toBe(
      "viewed_product(tag = 'limited_edition') in the last 14 days AND purchased(category = 'shoes') at least 2 times AND product_categories_purchased CONTAINS 'bags'",
    );
    expect(renderCriteria({ field: 'first_name', op: '=', value: "O'Brien" })).toBe(
      "first_name = 'O''Brien'",
    );
  });

  it('runs on DuckDB, and a hostile string stays a parameter', async () => {
    const store = await openStore(':memory:');
    await store.run(`INSERT INTO meta VALUES ('as_of', '2024-06-30 00:00:00')`);
    await store.run(`INSERT INTO customers (customer_id, first_name, location_country, creation_date) VALUES
      ('c1', 'Ann', 'USA', '2023-01-01'), ('c2', 'Bob', 'France', '2023-01-01'), ('c3', 'Cy', 'Canada', '2023-01-01')`);
    await store.run(`INSERT INTO products VALUES ('p1', 'Boot', 'shoes', 100, 40, 5, ['limited_edition'], NULL),
      ('p2', 'Bag', 'bags', 50, 20, 5, [], NULL)`);
    await store.run(`INSERT INTO page_views VALUES ('s1', 'c1', '2024-06-25', 'product', 'p1', NULL),
      ('s2', 'c2', '2024-05-01', 'product', 'p1', NULL), ('s3', 'c3', '2024-06-28', 'product', 'p2', NULL)`);
    const run = async (c: Criteria) => {
      const { sql, params } = compileCriteria(c, 'duckdb');
      const rows = await store.query<{ customer_id: string }>(
        `SELECT customer_id FROM customers p WHERE ${sql} ORDER BY 1`,
        params,
      );
      return rows.map((r) => r.customer_id);
    };
    expect(
      await run({ event: 'viewed_product', where: { tag: 'limited_edition' }, within_days: 14 }),
    ).toEqual(['c1']);
    expect(await run({ event: 'viewed_product', where: { tag: 'limited_edition' } })).toEqual(['c1', 'c2']);
    expect(await run({ field: 'location_country', op: 'in', value: ['USA', 'Canada'] })).toEqual([
      'c1',
      'c3',
    ]);
    const hostile = "x' OR '1'='1'; DROP TABLE customers; --";
    expect(await run({ field: 'location_country', op: '=', value: hostile })).toEqual([]);
    expect(await run({ field: 'first_name', op: 'contains', value: hostile })).toEqual([]);
    const { sql, params } = compileCriteria({ field: 'location_country', op: '=', value: hostile }, 'duckdb');
    expect(sql).not.toContain('DROP');
    expect(params).toEqual([hostile]);
    expect((await store.query('SELECT count(*) AS n FROM customers'))[0]).toEqual({ n: 3 });
    await store.close();
  });
});
