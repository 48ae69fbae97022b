import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppError, InvalidInput } from '../core/errors.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { fileWriter } from '../test-support/file-writer.ts';
import { importTable } from './import-table.ts';
import { parseValueMap } from './value-map.ts';

/**
 * A shop's campaign history as an e-mail tool exports it (Klaviyo / Braze style): a send log with
 * one row per recipient, the variant each got by its name in the tool, the holdout group with no
 * variant, no assignment probability; and a campaign list without arms or control share. Imported
 * with --map, --value-map and --set as docs/data-import.md says ("Campaign history from an e-mail tool").
 */
let dir: string;
let store: DuckDbStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aether-campaigns-'));
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

const file = fileWriter(() => dir);

/** The error, with the temp directory taken out of its text so it reads as the user sees it. */
async function failure(
  promise: Promise<unknown>,
): Promise<{ message: string; invalidParams: AppError['invalidParams'] }> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    const strip = (s: string) => s.replaceAll(`${dir}/`, '');
    const err = e as AppError;
    return {
      message: strip(err.message),
      invalidParams: err.invalidParams.map((p) => ({ name: strip(p.name), reason: p.reason })),
    };
  }
  throw new Error('expected the import to fail');
}

const rows = (sql: string) => store.query(sql);

/** Campaign c1: 4 free shipping, 4 "15% off" (one spelt in other case), 2 holdout; c2: 2 and 2. */
const SEND_LOG = `Email,Campaign ID,Campaign Name,Variant,Holdout,Event Time
a@x.com,c1,March test,B - Free shipping over $80,FALSE,2025-03-11T18:00:01+00:00
b@x.com,c1,March test,A - 15% OFF everything,FALSE,2025-03-11T18:00:02+00:00
c@x.com,c1,March test,,TRUE,2025-03-11T18:00:03+00:00
d@x.com,c1,March test,B - Free shipping over $80,FALSE,2025-03-11T18:00:04+00:00
e@x.com,c1,March test,a - 15% off   everything,FALSE,2025-03-11T18:00:05+00:00
f@x.com,c1,March test,A - 15% OFF everything,FALSE,2025-03-11T18:00:06+00:00
g@x.com,c1,March test,B - Free shipping over $80,FALSE,2025-03-11T18:00:07+00:00
h@x.com,c1,March test,,TRUE,2025-03-11T18:00:08+00:00
i@x.com,c1,March test,B - Free shipping over $80,FALSE,2025-03-11T18:00:09+00:00
j@x.com,c1,March test,A - 15% OFF everything,FALSE,2025-03-11T18:00:10+00:00
a@x.com,c2,"May: last chance",Last chance — ends tonight!,FALSE,2025-05-06 18:00:00 -0400
b@x.com,c2,"May: last chance",,TRUE,2025-05-06 18:00:00 -0400
c@x.com,c2,"May: last chance",Last chance — ends tonight!,FALSE,2025-05-06 18:00:00 -0400
d@x.com,c2,"May: last chance",,TRUE,2025-05-06 18:00:00 -0400
`;
const EXPOSURES_MAP = ['campaign_id=Campaign ID,customer_id=Email,arm=Variant,sent_at=Event Time'];
const VARIANTS = [
  'arm:B - Free shipping over $80=free_shipping,arm:A - 15% OFF everything=discount',
  'arm:Last chance — ends tonight!=urgency_message,arm:=control',
];

describe('an e-mail tool send log as campaign_exposures', () => {
  it('reads variant names and the empty holdout variant as arms, and each arm its share of the campaign', async () => {
    const result = await importTable(store, 'campaign_exposures', file('send_log.csv', SEND_LOG), {
      map: EXPOSURES_MAP,
      valueMap: VARIANTS,
      refreshProfiles: false,
    });
    expect(result).toMatchObject({ imported: 14, rejected: 0 });
    expect(result.derived_columns.map((d) => d.column)).toEqual(['assignment_probability']);
    expect(result.recoded_values.arm).toEqual([
      { from: 'B - Free shipping over $80', to: 'free_shipping', rows: 4 },
      // Matched up to case and spaces: "a - 15% off   everything" is the same variant.
      { from: 'A - 15% OFF everything', to: 'discount', rows: 4 },
      { from: 'Last chance — ends tonight!', to: 'urgency_message', rows: 2 },
      { from: '', to: 'control', rows: 4 },
    ]);
    expect(
      await rows(
        `SELECT campaign_id, arm, assignment_probability AS p, count(*)::INTEGER AS n, min(sent_at) AS first
         FROM campaign_exposures GROUP BY ALL ORDER BY 1, 2`,
      ),
    ).toEqual([
      { campaign_id: 'c1', arm: 'control', p: 0.2, n: 2, first: '2025-03-11T18:00:03Z' },
      { campaign_id: 'c1', arm: 'discount', p: 0.4, n: 4, first: '2025-03-11T18:00:02Z' },
      { campaign_id: 'c1', arm: 'free_shipping', p: 0.4, n: 4, first: '2025-03-11T18:00:01Z' },
      { campaign_id: 'c2', arm: 'control', p: 0.5, n: 2, first: '2025-05-06T22:00:00Z' },
      { campaign_id: 'c2', arm: 'urgency_message', p: 0.5, n: 2, first: '2025-05-06T22:00:00Z' },
    ]);
  });

  it('an assignment_probability column the file has is kept', async () => {
    const path = file(
      'with_p.csv',
      'campaign_id,customer_id,arm,sent_at,p\nc1,a,control,2025-01-01,0.1\nc1,b,discount,2025-01-01,0.9\n',
    );
    const result = await importTable(store, 'campaign_exposures', path, {
      map: ['assignment_probability=p'],
      refreshProfiles: false,
    });
    expect(result.derived_columns).toEqual([]);
    expect(await rows('SELECT arm, assignment_probability AS p FROM campaign_exposures ORDER BY 1')).toEqual([
      { arm: 'control', p: 0.1 },
      { arm: 'discount', p: 0.9 },
    ]);
  });

  it('variant names without --value-map: one error naming each value, its rows and the way out; the store keeps its rows', async () => {
    const earlier = file(
      'earlier.csv',
      'campaign_id,customer_id,arm,sent_at,assignment_probability\nc0,z,control,2025-01-01,0.5\n',
    );
    await importTable(store, 'campaign_exposures', earlier, { refreshProfiles: false });
    const e = await failure(
      importTable(store, 'campaign_exposures', file('send_log.csv', SEND_LOG), {
        map: EXPOSURES_MAP,
        refreshProfiles: false,
      }),
    );
    expect(e.message).toContain(
      'Variant (as arm) holds 4 value(s) that are not arm values: "B - Free shipping over $80" (4 rows, first row 1), "A - 15% OFF everything" (3 rows, first row 2)',
    );
    // The brief interpreter proposes the whole map, in single quotes for a shell; applied as
    // proposed (below), it imports every row with the arm its variant was.
    const proposed = /--value-map '([^']*)'/.exec(e.message)?.[1] as string;
    expect(proposed).toBe(
      'arm:B - Free shipping over $80=free_shipping,arm:A - 15% OFF everything=discount,arm:a - 15% off   everything=discount,' +
        'arm:Last chance — ends tonight!=urgency_message,arm:=control',
    );
    expect(e.message).toContain('(arm:=control if the 4 row(s) without one are the holdout group)');
    expect(e.invalidParams[0]).toEqual({
      name: 'send_log.csv:1:Variant (as arm)',
      reason: expect.stringContaining('"B - Free shipping over $80" is not one of discount, free_shipping,'),
    });
    // One problem per distinct value, not one per row; the other problems (the holdout rows' empty
    // variant) are still each listed.
    expect(e.message).toContain('besides, 4 other problem(s), listed');
    expect(e.invalidParams.slice(4).map((p) => `${p.name} ${p.reason}`)).toEqual([
      'send_log.csv:3:Variant (as arm) missing value',
      'send_log.csv:8:Variant (as arm) missing value',
      'send_log.csv:12:Variant (as arm) missing value',
      'send_log.csv:14:Variant (as arm) missing value',
    ]);
    expect(await rows('SELECT campaign_id, customer_id FROM campaign_exposures')).toEqual([
      { campaign_id: 'c0', customer_id: 'z' },
    ]);
    const result = await importTable(store, 'campaign_exposures', file('send_log.csv', SEND_LOG), {
      map: EXPOSURES_MAP,
      valueMap: [proposed],
      refreshProfiles: false,
    });
    expect(result.imported).toBe(14);
    expect(
      await rows(
        "SELECT arm, count(*)::INTEGER AS n FROM campaign_exposures WHERE campaign_id = 'c1' GROUP BY 1 ORDER BY 1",
      ),
    ).toEqual([
      { arm: 'control', n: 2 },
      { arm: 'discount', n: 4 },
      { arm: 'free_shipping', n: 4 },
    ]);
  });

  it('a mapped value that no row holds stops the import, naming the values the column holds', async () => {
    const e = await failure(
      importTable(store, 'campaign_exposures', file('send_log.csv', SEND_LOG), {
        map: EXPOSURES_MAP,
        valueMap: [...VARIANTS, 'arm:Hurry 48h only=urgency_message'],
        refreshProfiles: false,
      }),
    );
    expect(e.message).toMatch(
      /^--value-map: "Hurry 48h only" occurs in no row of Variant \(as arm\) in send_log.csv/,
    );
    expect(e.message).toContain(
      '(its values, with rows: (empty) 4, "A - 15% OFF everything" 4, "B - Free shipping over $80" 4, "Last chance — ends tonight!" 2)',
    );
    expect(await rows('SELECT count(*)::INTEGER AS n FROM campaign_exposures')).toEqual([{ n: 0 }]);
  });

  it('a --value-map column that is not in the import is named', async () => {
    const e = await failure(
      importTable(store, 'campaign_exposures', file('send_log.csv', SEND_LOG), {
        map: EXPOSURES_MAP,
        valueMap: ['variant:A=discount'],
        refreshProfiles: false,
      }),
    );
    expect(e.message).toContain('"variant" is not a column of campaign_exposures read from send_log.csv');
  });
});

describe('a holdout logged in a column of its own (--control-when)', () => {
  // Braze-style: the control group's rows keep a variant name; in_control_group says who they are.
  const LOG = `external_user_id,campaign_id,message_variation_name,in_control_group,time
u1,k1,15% off,false,1741716000
u2,k1,Free shipping,false,1741716000
u3,k1,15% off,true,1741716000
u4,k1,Free shipping,False,1741716000
u5,k1,Free shipping,TRUE,1741716000
`;
  const map = [
    'campaign_id=campaign_id,customer_id=external_user_id,arm=message_variation_name,sent_at=time',
  ];

  it('makes those rows control whatever their variant, before the value map', async () => {
    const result = await importTable(store, 'campaign_exposures', file('braze.csv', LOG), {
      map,
      controlWhen: 'in_control_group=true',
      valueMap: ['arm:15% off=discount,arm:Free shipping=free_shipping'],
      refreshProfiles: false,
    });
    expect(result).toMatchObject({ imported: 5, control_rows: 2 });
    expect(
      await rows('SELECT customer_id, arm, assignment_probability AS p FROM campaign_exposures ORDER BY 1'),
    ).toEqual([
      { customer_id: 'u1', arm: 'discount', p: 0.2 },
      { customer_id: 'u2', arm: 'free_shipping', p: 0.4 },
      { customer_id: 'u3', arm: 'control', p: 0.4 },
      { customer_id: 'u4', arm: 'free_shipping', p: 0.4 },
      { customer_id: 'u5', arm: 'control', p: 0.4 },
    ]);
  });

  it('names a flag column the file lacks and a value no row holds; nothing is imported', async () => {
    const path = file('braze.csv', LOG);
    const missing = await failure(
      importTable(store, 'campaign_exposures', path, {
        map,
        controlWhen: 'Holdout=TRUE',
        refreshProfiles: false,
      }),
    );
    expect(missing.message).toContain(
      '--control-when: braze.csv has no column "Holdout" (its columns: external_user_id,',
    );
    const typo = await failure(
      importTable(store, 'campaign_exposures', path, {
        map,
        controlWhen: 'in_control_group=control',
        refreshProfiles: false,
      }),
    );
    expect(typo.message).toContain(
      '--control-when: no row of in_control_group in braze.csv holds "control" (its values, with rows: "false" 2,',
    );
    await expect(
      importTable(store, 'orders', path, { controlWhen: 'in_control_group=true', refreshProfiles: false }),
    ).rejects.toThrow(
      /--control-when applies to a table with an arm column \(campaign_exposures\), not orders/,
    );
    expect(await rows('SELECT count(*)::INTEGER AS n FROM campaign_exposures')).toEqual([{ n: 0 }]);
  });
});

describe('campaigns from the campaign list, completed from the send log', () => {
  const CAMPAIGNS = `Campaign Name,Campaign ID,Subject,Send Time,Total Recipients
March test,c1,MARCH,2025-03-11 14:00:00,8
"May: last chance",c2,MAY,2025-05-06 14:00:00,2
`;
  const CAMPAIGNS_MAP = ['campaign_id=Campaign ID,name=Campaign Name'];
  const SETTINGS = ['goal=conversion,channel=email,window_days=7'];

  it('takes arms, control share and start from the exposures already imported', async () => {
    await importTable(store, 'campaign_exposures', file('send_log.csv', SEND_LOG), {
      map: EXPOSURES_MAP,
      valueMap: VARIANTS,
      refreshProfiles: false,
    });
    const result = await importTable(store, 'campaigns', file('campaigns.csv', CAMPAIGNS), {
      map: CAMPAIGNS_MAP,
      set: SETTINGS,
      refreshProfiles: false,
    });
    expect(result.derived_columns.map((d) => d.column)).toEqual(['started_at', 'arms', 'control_share']);
    expect(
      await rows(
        'SELECT campaign_id, name, started_at, arms, control_share, window_days, goal FROM campaigns ORDER BY 1',
      ),
    ).toEqual([
      {
        campaign_id: 'c1',
        name: 'March test',
        started_at: '2025-03-11T18:00:01Z',
        arms: ['control', 'discount', 'free_shipping'],
        control_share: 0.2,
        window_days: 7,
        goal: 'conversion',
      },
      {
        campaign_id: 'c2',
        name: 'May: last chance',
        started_at: '2025-05-06T22:00:00Z',
        arms: ['control', 'urgency_message'],
        control_share: 0.5,
        window_days: 7,
        goal: 'conversion',
      },
    ]);
  });

  it('marks one campaign for evaluation with *, every other value, without cutting the file', async () => {
    await importTable(store, 'campaign_exposures', file('send_log.csv', SEND_LOG), {
      map: EXPOSURES_MAP,
      valueMap: VARIANTS,
      refreshProfiles: false,
    });
    const result = await importTable(store, 'campaigns', file('campaigns.csv', CAMPAIGNS), {
      map: [...CAMPAIGNS_MAP, 'reserved_for_evaluation=Campaign ID'],
      valueMap: ['reserved_for_evaluation:c2=true,reserved_for_evaluation:*=false'],
      set: SETTINGS,
      refreshProfiles: false,
    });
    expect(result.recoded_values.reserved_for_evaluation).toEqual([
      { from: 'c2', to: 'true', rows: 1 },
      { from: '*', to: 'false', rows: 1 },
    ]);
    expect(await rows('SELECT campaign_id, reserved_for_evaluation AS r FROM campaigns ORDER BY 1')).toEqual([
      { campaign_id: 'c1', r: false },
      { campaign_id: 'c2', r: true },
    ]);
  });

  it('the send log alone makes the campaigns: one row per campaign, the recipients read once', async () => {
    const log = file('send_log.csv', SEND_LOG);
    await importTable(store, 'campaign_exposures', log, {
      map: EXPOSURES_MAP,
      valueMap: VARIANTS,
      refreshProfiles: false,
    });
    const result = await importTable(store, 'campaigns', log, {
      map: CAMPAIGNS_MAP,
      set: SETTINGS,
      refreshProfiles: false,
    });
    expect(result).toMatchObject({ imported: 2, repeated_rows: 12, rejected: 0 });
    expect(await rows('SELECT campaign_id, arms FROM campaigns ORDER BY 1')).toEqual([
      { campaign_id: 'c1', arms: ['control', 'discount', 'free_shipping'] },
      { campaign_id: 'c2', arms: ['control', 'urgency_message'] },
    ]);
  });

  it('before the exposures: every campaign refused with the order to import in, and the campaigns table kept', async () => {
    await importTable(
      store,
      'campaigns',
      file(
        'old.csv',
        'campaign_id,name,goal,channel,started_at,window_days,arms,control_share\nc0,Old,conversion,email,2024-01-01,7,control|discount,0.5\n',
      ),
      { refreshProfiles: false },
    );
    const e = await failure(
      importTable(store, 'campaigns', file('campaigns.csv', CAMPAIGNS), {
        map: CAMPAIGNS_MAP,
        set: SETTINGS,
        refreshProfiles: false,
      }),
    );
    expect(e.invalidParams.map((p) => `${p.name} ${p.reason}`)).toContain(
      "campaigns.csv:1:arms no campaign_exposures of this campaign imported yet: import the send log as campaign_exposures first (the campaign's arms, control share and send time are read from it)",
    );
    expect(await rows('SELECT campaign_id, arms FROM campaigns')).toEqual([
      { campaign_id: 'c0', arms: ['control', 'discount'] },
    ]);
  });
});

describe('parseValueMap', () => {
  it('reads quoted values with commas, an empty value, and refuses what it cannot read', () => {
    const map = parseValueMap([
      'arm:"Loved by 10,000+"=social_proof,arm:=control',
      'status:Abandoned Cart=abandoned',
    ]);
    expect([...(map.get('arm') ?? [])]).toEqual([
      ['loved by 10,000+', { written: 'Loved by 10,000+', to: 'social_proof' }],
      ['', { written: '', to: 'control' }],
    ]);
    expect(map.get('status')?.get('abandoned cart')?.to).toBe('abandoned');
    expect(() => parseValueMap(['Free shipping=free_shipping'])).toThrow(/no column before ":"/);
    expect(() => parseValueMap(['arm:Free shipping'])).toThrow(/no "=value" after the file value/);
    expect(() => parseValueMap(['arm:A=discount,arm:a=free_shipping'])).toThrow(
      /already mapped to "discount"/,
    );
  });
});
