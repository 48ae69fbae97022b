import { closeSync, openSync, writeSync } from 'node:fs';
import { Rng } from '../core/rng.ts';
import type { ExperimentImportOptions } from '../import/experiment.ts';

/**
 * Seeded synthetic files in the exact SHAPES of five public uplift data sets (columns, labels,
 * value formats, arm shares, rough rates), with a planted effect whose truth is known per row.
 * They are NOT the real data sets (which cannot be downloaded here); they exist so that the import,
 * train, evaluate and score path is exercised on what those files look like:
 *
 * - Hillstrom MineThatData e-mail (2008): three arms "Mens E-Mail" / "Womens E-Mail" / "No E-Mail",
 *   `history_segment` like "6) $750 - $1,000" (quoted: it holds a comma), spend mostly 0.
 * - Criteo uplift v2 (Diemert et al. 2018): f0..f11 floats, treatment 0/1 with 85% treated,
 *   conversion ~0.3%, visit, exposure (only treated rows can be exposed).
 * - Lenta (BigTarget hackathon): group "test"/"control", response_att, many columns with many
 *   NaN-style nulls, gender "Ж"/"М" (Cyrillic), age, a constant column.
 * - X5 RetailHero: client_id, treatment_flg, target, age (with impossible values), gender U/F/M,
 *   first_issue_date "2017-08-05 15:44:09", first_redeem_date often empty.
 * - Starbucks promotion (Udacity): ID, Promotion "Yes"/"No", purchase ~1-2%, V1..V7.
 *
 * Every generator returns the file text, the import options the CLI needs, and per row (in file
 * order) the true expected outcome under each arm (index 0 = control, then the import's arm order:
 * the other labels sorted), so a policy's true value on any rows is computable.
 */
export interface ShapeFile {
  /** File text (UTF-8; may carry a BOM or CRLF line ends where the shape's variant says so). */
  text: string;
  /** The `aether import experiment` options, as CLI arguments after the file. */
  args: string[];
  /** Arm labels in the import's order: control first, then the others sorted. */
  arms: string[];
  /** truth[a][i]: expected outcome of row i under arm a. */
  truth: Float64Array[];
  /** Row ids as the import keys them (the --id column, else 1-based row numbers). */
  ids: string[];
  /** The ids are the 1-based row numbers and `ids` is left empty (files of millions of rows). */
  rowNumberIds?: boolean;
}

/**
 * A shape's CLI arguments as the options of `importExperiment`, for scripts that import in-process
 * (the options the shapes use: treatment, control, outcome, revenue, id, exclude).
 */
export function shapeImportOptions(args: string[]): ExperimentImportOptions {
  const get = (k: string) => {
    const i = args.indexOf(`--${k}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  return {
    treatment: get('treatment') as string,
    control: get('control') as string,
    outcome: get('outcome') as string,
    revenue: get('revenue'),
    id: get('id'),
    exclude: get('exclude')?.split(','),
  };
}

const csvCell = (v: string | number, delimiter = ','): string => {
  const s = String(v);
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const line = (cells: (string | number)[], delimiter = ',') =>
  cells.map((c) => csvCell(c, delimiter)).join(delimiter);
const truthArrays = (arms: number, n: number) => Array.from({ length: arms }, () => new Float64Array(n));

const HISTORY_SEGMENTS: [number, string][] = [
  [100, '1) $0 - $100'],
  [200, '2) $100 - $200'],
  [350, '3) $200 - $350'],
  [500, '4) $350 - $500'],
  [750, '5) $500 - $750'],
  [1000, '6) $750 - $1,000'],
  [Number.POSITIVE_INFINITY, '7) $1,000 +'],
];

/**
 * Hillstrom shape, learnt on spend (default) or on conversion (with spend as the revenue column).
 * Planted: the women's e-mail raises the chance of a purchase by 4 points for `womens = 1`
 * customers only; the men's e-mail by 1.5 points for everyone. A purchase spends a mean of 100, so
 * the effect on spend is 4.0 per womens = 1 customer. `visit` (and `conversion` when learning
 * spend) are post-treatment and must be excluded (the balance check would catch visit; a user
 * names them).
 */
export function hillstromShape(
  n: number,
  seed: number,
  outcome: 'spend' | 'conversion' = 'spend',
): ShapeFile {
  const rng = new Rng(seed);
  const labels = ['No E-Mail', 'Mens E-Mail', 'Womens E-Mail'];
  const truth = truthArrays(3, n);
  const rows = [
    'recency,history_segment,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion,spend',
  ];
  const meanSpend = 100;
  for (let i = 0; i < n; i++) {
    const recency = 1 + rng.int(12);
    const history = Math.round(Math.min(3345, 29.99 + rng.logNormal(4.8, 1)) * 100) / 100;
    const segment = (HISTORY_SEGMENTS.find(([hi]) => history < hi) as [number, string])[1];
    const mens = rng.bernoulli(0.55) ? 1 : 0;
    const womens = mens === 0 || rng.bernoulli(0.2) ? 1 : 0;
    const zip = ['Urban', 'Surburban', 'Rural'][rng.weightedIndex([0.4, 0.45, 0.15])];
    const newbie = rng.bernoulli(0.5) ? 1 : 0;
    const channel = ['Phone', 'Web', 'Multichannel'][rng.weightedIndex([0.44, 0.44, 0.12])];
    const arm = rng.int(3);
    const base = 0.01 + 0.001 * (12 - recency);
    const p = [base, base + 0.015, base + (womens ? 0.04 : 0)];
    // Sorted import order: No E-Mail (control), Mens E-Mail, Womens E-Mail — same as `labels`.
    for (let a = 0; a < 3; a++)
      (truth[a] as Float64Array)[i] = (p[a] as number) * (outcome === 'spend' ? meanSpend : 1);
    const conversion = rng.bernoulli(p[arm] as number) ? 1 : 0;
    const visit = conversion || rng.bernoulli(0.1 + (arm ? 0.05 : 0)) ? 1 : 0;
    // Lognormal with mean 100: mu = ln(100) - sigma²/2.
    const spend = conversion ? Math.round(rng.logNormal(Math.log(meanSpend) - 0.18, 0.6) * 100) / 100 : 0;
    rows.push(
      line([
        recency,
        segment,
        history,
        mens,
        womens,
        zip,
        newbie,
        channel,
        labels[arm] as string,
        visit,
        conversion,
        spend,
      ]),
    );
  }
  return {
    text: `${rows.join('\n')}\n`,
    args: [
      '--treatment',
      'segment',
      '--control',
      'No E-Mail',
      ...(outcome === 'spend'
        ? ['--outcome', 'spend', '--exclude', 'visit,conversion']
        : ['--outcome', 'conversion', '--revenue', 'spend', '--exclude', 'visit']),
    ],
    arms: labels,
    truth,
    ids: Array.from({ length: n }, (_, i) => String(i + 1)),
  };
}

/**
 * Criteo uplift v2 shape, learnt on `visit` (conversion, ~0.3%, is too rare for a few thousand
 * rows). Planted: treatment raises the visit probability by 6 points where f0 > 10 and not at all
 * elsewhere. `exposure` is post-treatment (only treated rows) and `conversion` another outcome.
 */
export function criteoShape(n: number, seed: number): ShapeFile {
  const rows: string[] = [];
  const truth = criteoLines(n, seed, (l) => rows.push(l));
  return {
    text: `${rows.join('\n')}\n`,
    ...CRITEO_META,
    truth,
    ids: Array.from({ length: n }, (_, i) => String(i + 1)),
  };
}

const CRITEO_META = {
  args: [
    '--treatment',
    'treatment',
    '--control',
    '0',
    '--outcome',
    'visit',
    '--exclude',
    'conversion,exposure',
  ],
  arms: ['0', '1'],
};

/** The Criteo shape line by line (header first), filling and returning the truth. */
function criteoLines(n: number, seed: number, emit: (line: string) => void): Float64Array[] {
  const rng = new Rng(seed);
  const f = Array.from({ length: 12 }, (_, j) => `f${j}`);
  const truth = truthArrays(2, n);
  emit([...f, 'treatment', 'conversion', 'visit', 'exposure'].join(','));
  for (let i = 0; i < n; i++) {
    const x = f.map((_, j) => (j % 3 === 0 ? rng.normal(10, 2) : rng.uniform(0, 30)));
    const treated = rng.bernoulli(0.85) ? 1 : 0;
    const p0 = 0.04;
    const p1 = p0 + ((x[0] as number) > 10 ? 0.06 : 0);
    (truth[0] as Float64Array)[i] = p0;
    (truth[1] as Float64Array)[i] = p1;
    const visit = rng.bernoulli(treated ? p1 : p0) ? 1 : 0;
    const exposure = treated && (visit ? rng.bernoulli(0.5) : rng.bernoulli(0.03)) ? 1 : 0;
    const conversion = visit && rng.bernoulli(0.06) ? 1 : 0;
    emit([...x.map((v) => v.toFixed(6)), treated, conversion, visit, exposure].join(','));
  }
  return truth;
}

/**
 * `criteoShape` for files too large for one string (14 million rows, the real file's size, are
 * ~1.7 GB of text; V8 strings stop at 0.5 GB): the same lines written to `file` as they are made,
 * unless `write` is false (the file is already there: only the truth is recomputed). The ids are
 * the 1-based row numbers, not listed (`rowNumberIds`).
 */
export function writeCriteoShape(file: string, n: number, seed: number, write = true): ShapeFile {
  const fd = write ? openSync(file, 'w') : null;
  let buffer: string[] = [];
  let size = 0;
  const flush = () => {
    if (fd !== null) writeSync(fd, `${buffer.join('\n')}\n`);
    buffer = [];
    size = 0;
  };
  try {
    const truth = criteoLines(n, seed, (l) => {
      if (fd === null) return;
      buffer.push(l);
      size += l.length;
      if (size > 8_000_000) flush();
    });
    if (buffer.length) flush();
    return { text: '', ...CRITEO_META, truth, ids: [], rowNumberIds: true };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Lenta shape: a UTF-8 byte order mark, Windows line ends, a leading unnamed pandas index
 * column, "test"/"control" (75% test), Cyrillic gender, many columns mostly null (written "" or
 * "NaN"), a constant column, and response_att. Planted: the test arm raises response by 8 points
 * for women ("Ж") and lowers it by 2 points for men.
 */
export function lentaShape(n: number, seed: number, sparseColumns = 12): ShapeFile {
  const rng = new Rng(seed);
  const truth = truthArrays(2, n);
  // The real file has 193 columns; 30 by default here, more with sparseColumns (181 for 193).
  const sparse = Array.from({ length: sparseColumns }, (_, j) => `sale_sum_${j + 1}m_g${20 + j}`);
  const header = [
    '',
    'age',
    'cheque_count_12m_g20',
    'children',
    'crazy_purchases_cheque_count_12m',
    'gender',
    'group',
    'k_var_disc_share_6m',
    'main_format',
    'mean_discount_depth_15d',
    'months_from_register',
    'perdelta_days_between_visits_15_30d',
    'promo_share_15d',
    'response_att',
    'response_sms',
    'response_viber',
    'stdev_days_between_visits_15d',
    'is_active_flag',
    ...sparse,
  ];
  const rows = [line(header)];
  for (let i = 0; i < n; i++) {
    const gender = ['Ж', 'М', 'Не определен'][rng.weightedIndex([0.6, 0.35, 0.05])] as string;
    const test = rng.bernoulli(0.75);
    const p0 = 0.1;
    const p1 = p0 + (gender === 'Ж' ? 0.08 : gender === 'М' ? -0.02 : 0);
    (truth[0] as Float64Array)[i] = p0;
    (truth[1] as Float64Array)[i] = p1;
    const nan = (p: number, v: string) => (rng.bernoulli(p) ? (rng.bernoulli(0.5) ? 'NaN' : '') : v);
    rows.push(
      line([
        i,
        nan(0.02, String(18 + rng.int(60))),
        nan(0.3, String(rng.poisson(3))),
        nan(0.4, String(rng.int(4))),
        nan(0.5, String(rng.poisson(0.5))),
        gender,
        test ? 'test' : 'control',
        nan(0.6, rng.uniform(0, 2).toFixed(6)),
        String(rng.int(2)),
        nan(0.5, rng.uniform(0, 0.5).toFixed(6)),
        nan(0.05, String(rng.int(120))),
        nan(0.7, rng.normal(0, 1).toFixed(6)),
        nan(0.5, rng.uniform(0, 1).toFixed(6)),
        rng.bernoulli(test ? p1 : p0) ? 1 : 0,
        rng.bernoulli(0.05) ? 1 : 0,
        rng.bernoulli(0.02) ? 1 : 0,
        nan(0.8, rng.exponential(0.2).toFixed(6)),
        1,
        ...sparse.map(() => nan(0.9, rng.logNormal(6, 1).toFixed(2))),
      ]),
    );
  }
  return {
    text: `\ufeff${rows.join('\r\n')}\r\n`,
    args: [
      '--treatment',
      'group',
      '--control',
      'control',
      '--outcome',
      'response_att',
      '--exclude',
      'response_sms,response_viber',
    ],
    arms: ['control', 'test'],
    truth,
    ids: Array.from({ length: n }, (_, i) => String(i + 1)),
  };
}

/**
 * X5 RetailHero shape (uplift_train joined to clients): client_id (hex, the --id), treatment_flg,
 * target, age with impossible values (-7, 1901), gender U/F/M, first_issue_date as
 * "2017-08-05 15:44:09", first_redeem_date often empty. Planted: treatment raises the target by
 * 10 points for clients under 40 and by nothing for the rest.
 */
export function x5Shape(n: number, seed: number): ShapeFile {
  const rng = new Rng(seed);
  const truth = truthArrays(2, n);
  const rows = ['client_id,first_issue_date,first_redeem_date,age,gender,treatment_flg,target'];
  const ids: string[] = [];
  const pad = (v: number) => String(v).padStart(2, '0');
  const stamp = (ms: number) => {
    const d = new Date(ms);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  };
  const start = Date.UTC(2017, 3, 4);
  const span = Date.UTC(2019, 2, 15) - start;
  for (let i = 0; i < n; i++) {
    const id = `${rng.nextUint32().toString(16).padStart(8, '0').slice(0, 4)}${i.toString(16).padStart(6, '0')}`;
    ids.push(id);
    const issue = start + Math.floor(rng.next() * span);
    const redeem = rng.bernoulli(0.9) ? stamp(issue + Math.floor(rng.next() * 200 * 86_400_000)) : '';
    const realAge = 18 + rng.int(60);
    const age = rng.bernoulli(0.01) ? rng.pick([-7, 1901, 118]) : realAge;
    const treated = rng.bernoulli(0.5) ? 1 : 0;
    const p0 = 0.6;
    const p1 = p0 + (realAge < 40 && age === realAge ? 0.1 : 0);
    (truth[0] as Float64Array)[i] = p0;
    (truth[1] as Float64Array)[i] = p1;
    rows.push(
      line([
        id,
        stamp(issue),
        redeem,
        age,
        rng.pick(['U', 'F', 'M']),
        treated,
        rng.bernoulli(treated ? p1 : p0) ? 1 : 0,
      ]),
    );
  }
  return {
    text: `${rows.join('\n')}\n`,
    args: ['--treatment', 'treatment_flg', '--control', '0', '--outcome', 'target', '--id', 'client_id'],
    arms: ['0', '1'],
    truth,
    ids,
  };
}

/**
 * Starbucks promotion shape: ID, Promotion "Yes"/"No", purchase (~1.2% without the promotion),
 * V1 (0..3), V2 and V3 floats, V4..V7 small integers; an Irvine-like Train/Test column is absent
 * (the training file has none). Planted: the promotion raises purchase by 3 points where V4 = 2
 * and V1 >= 2, by 0.5 point elsewhere.
 */
export function starbucksShape(n: number, seed: number): ShapeFile {
  const rng = new Rng(seed);
  const truth = truthArrays(2, n);
  const rows = ['ID,Promotion,purchase,V1,V2,V3,V4,V5,V6,V7'];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = String(1 + i * 3 + rng.int(3));
    ids.push(id);
    const v1 = rng.int(4);
    const v4 = 1 + rng.int(2);
    const promo = rng.bernoulli(0.5);
    const p0 = 0.012;
    const p1 = p0 + (v4 === 2 && v1 >= 2 ? 0.03 : 0.005);
    (truth[0] as Float64Array)[i] = p0;
    (truth[1] as Float64Array)[i] = p1;
    rows.push(
      line([
        id,
        promo ? 'Yes' : 'No',
        rng.bernoulli(promo ? p1 : p0) ? 1 : 0,
        v1,
        rng.normal(30, 5).toFixed(6),
        rng.normal(0, 1).toFixed(6),
        v4,
        1 + rng.int(4),
        1 + rng.int(4),
        1 + rng.int(2),
      ]),
    );
  }
  return {
    text: `${rows.join('\n')}\n`,
    args: ['--treatment', 'Promotion', '--control', 'No', '--outcome', 'purchase', '--id', 'ID'],
    arms: ['No', 'Yes'],
    truth,
    ids,
  };
}

/**
 * MegaFon uplift-challenge shape: `id`, `treatment_group` control/treatment (50/50), `X_1..X_50`
 * floats, `conversion`. Planted: treatment adds 10 points of conversion where X_1 > 0 and takes 5
 * away elsewhere, on a 20% baseline that rises with X_2 (the other 48 columns are noise).
 */
export function megafonShape(n: number, seed: number): ShapeFile {
  const rng = new Rng(seed);
  const truth = truthArrays(2, n);
  const x = Array.from({ length: 50 }, (_, j) => `X_${j + 1}`);
  const rows = [['id', 'treatment_group', ...x, 'conversion'].join(',')];
  for (let i = 0; i < n; i++) {
    const v = x.map(() => rng.normal(0, 1));
    const treated = rng.bernoulli(0.5);
    const p0 = Math.min(0.5, Math.max(0.02, 0.2 + 0.05 * (v[1] as number)));
    const p1 = p0 + ((v[0] as number) > 0 ? 0.1 : -0.05);
    (truth[0] as Float64Array)[i] = p0;
    (truth[1] as Float64Array)[i] = p1;
    rows.push(
      [
        i + 1,
        treated ? 'treatment' : 'control',
        ...v.map((f) => f.toFixed(5)),
        rng.bernoulli(treated ? p1 : p0) ? 1 : 0,
      ].join(','),
    );
  }
  return {
    text: `${rows.join('\n')}\n`,
    args: ['--treatment', 'treatment_group', '--control', 'control', '--outcome', 'conversion', '--id', 'id'],
    arms: ['control', 'treatment'],
    truth,
    ids: Array.from({ length: n }, (_, i) => String(i + 1)),
  };
}

/**
 * A multi-arm e-mail test as a shop exports it: string arms with spaces and "%" (`No Email`,
 * `Discount 10%`, `Free Shipping`, `Newsletter`, a quarter each), revenue as `"$1,234.50"`.
 * Planted, on a mean revenue of 20 + past orders: the discount adds $8 in the North and costs $2
 * elsewhere, free shipping adds $6 where tenure > 3 years, the newsletter does nothing. Revenue is
 * normal around the mean with sd `noise` (default 15), floored at 0 (the floor moves the means of
 * the few rows near 0; the truth is the mean before the floor). `effects: 'none'` plants no effect
 * at all and `'uniform'` the same +$5 of the discount for everyone (files with no heterogeneity,
 * where personalising can only follow noise).
 */
export function emailShape(
  n: number,
  seed: number,
  noise = 15,
  effects: 'subgroups' | 'none' | 'uniform' = 'subgroups',
): ShapeFile {
  const rng = new Rng(seed);
  // Import order: control first, then the other labels sorted.
  const arms = ['No Email', 'Discount 10%', 'Free Shipping', 'Newsletter'];
  const truth = truthArrays(4, n);
  const rows = ['customer_id,email_variant,region,tenure_years,past_orders,revenue'];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const region = ['North', 'South', 'East', 'West'][rng.int(4)] as string;
    const tenure = Math.round(rng.uniform(0, 6) * 10) / 10;
    const orders = rng.int(12);
    const base = 20 + orders;
    const mean =
      effects === 'subgroups'
        ? [base, base + (region === 'North' ? 8 : -2), base + (tenure > 3 ? 6 : 0), base]
        : [base, base + (effects === 'uniform' ? 5 : 0), base, base];
    for (let a = 0; a < 4; a++) (truth[a] as Float64Array)[i] = mean[a] as number;
    const arm = rng.int(4);
    const revenue = Math.max(0, rng.normal(mean[arm] as number, noise));
    const id = `C${String(i).padStart(6, '0')}`;
    ids.push(id);
    rows.push(
      line([
        id,
        arms[arm] as string,
        region,
        tenure,
        orders,
        `$${revenue.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
      ]),
    );
  }
  return {
    text: `${rows.join('\n')}\n`,
    args: [
      '--treatment',
      'email_variant',
      '--control',
      'No Email',
      '--outcome',
      'revenue',
      '--id',
      'customer_id',
    ],
    arms,
    truth,
    ids,
  };
}

export const EXPERIMENT_SHAPES = {
  hillstrom: hillstromShape,
  criteo: criteoShape,
  lenta: lentaShape,
  x5: x5Shape,
  starbucks: starbucksShape,
  megafon: megafonShape,
  email: emailShape,
} as const;
export type ExperimentShapeName = keyof typeof EXPERIMENT_SHAPES;
