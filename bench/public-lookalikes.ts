/**
 * Outside check (twelfth session, docs/data-import.md "Public-experiment look-alikes from the docs
 * alone"): files written from the public uplift data sets' published schemas by someone who had
 * not read src/test-support/experiment-shapes.ts, each with a planted effect that also HARMS one
 * subgroup, run through the real CLI with the commands docs/data-import.md gives.
 *
 * `npx tsx bench/public-lookalikes.ts --dir DIR [--only hillstrom,criteo,...] [--rows N] [--seed S]
 *  [--steps import,train,evaluate,score] [--json]`
 *
 * Per case: the import's roles, arms and features, train's policy, evaluate's JSON, and from the
 * score file (one row per input row?) the planted value of the recommended policy on the held-out
 * rows against the oracle's and treat-nobody's, the share of held-out rows sent to an arm that is
 * worse for them than control (harm), and per planted subgroup the share given its best arm.
 */
import { execFile } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Rng } from '../src/core/rng.ts';
import { cells } from '../src/test-support/shape-run.ts';

const run = promisify(execFile);
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'aether.js');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** One look-alike: where it is, how the docs say to import it, and the planted truth per row. */
export interface Lookalike {
  name: string;
  file: string;
  args: string[];
  /** Arm labels in import order (control first, then the others sorted). */
  arms: string[];
  /** truth[a][i]: expected outcome of row i under arm a. */
  truth: Float64Array[];
  /** group[i]: the planted subgroup of row i (for the per-subgroup shares). */
  group: string[];
  /** The id the score file keys row i by (the --id column's value, else String(i + 1)). */
  idOf: (i: number) => string;
  /** Row i held out by the file's own split column (when the case passes --split-column). */
  splitTest?: Uint8Array;
}

/** Writes lines to a file 4 MB at a time (the 600k-row MegaFon file is ~400 MB). */
class Writer {
  private fd: number;
  private buf: string[] = [];
  private size = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  line(s: string) {
    this.buf.push(s);
    this.size += s.length + 1;
    if (this.size > 4_000_000) this.flush();
  }
  flush() {
    if (this.buf.length) writeSync(this.fd, `${this.buf.join('\n')}\n`);
    this.buf = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

const clip = (p: number) => Math.min(0.99, Math.max(0.0005, p));
const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * Hillstrom MineThatData (Kevin_Hillstrom_MineThatData_E-MailAnalytics_DataMiningChallenge_2008.03.20.csv):
 * no id column; history_segment "1) $0 - $100" … "7) $1,000 +"; zip_code Surburban (sic)/Urban/Rural;
 * channel Phone/Web/Multichannel; segment thirds; conversion ~0.5–1.3%; spend 0 unless converted.
 * Planted on conversion: Womens E-Mail +1.5 points for womens=1; Mens E-Mail +2 points for mens=1 and
 * newbie=0, but -0.4 points for women-only buyers (mens=0). Spend per conversion ~ 30–500 (mean ~110).
 */
function hillstrom(
  dir: string,
  n: number,
  seed: number,
  outcome: 'conversion' | 'spend',
  heavy = false,
): Lookalike {
  const rng = new Rng(`hill-${seed}`);
  const file = join(dir, `hillstrom-${outcome}${heavy ? '-heavy' : ''}-${n}.csv`);
  const w = new Writer(file);
  w.line(
    'recency,history_segment,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion,spend',
  );
  const arms = ['No E-Mail', 'Mens E-Mail', 'Womens E-Mail'];
  const truth = arms.map(() => new Float64Array(n));
  const group: string[] = [];
  const segs: [number, string][] = [
    [100, '1) $0 - $100'],
    [200, '2) $100 - $200'],
    [350, '3) $200 - $350'],
    [500, '4) $350 - $500'],
    [750, '5) $500 - $750'],
    [1000, '6) $750 - $1,000'],
    [1e9, '7) $1,000 +'],
  ];
  const meanSpend = 110;
  for (let i = 0; i < n; i++) {
    const recency = 1 + rng.int(12);
    const history = Math.max(29.99, Math.round(rng.logNormal(5.3, 0.85) * 100) / 100);
    const seg = (segs.find(([hi]) => history < hi) as [number, string])[1];
    const u = rng.next();
    const mens = u < 0.45 ? 1 : u < 0.55 ? 1 : 0;
    const womens = u < 0.45 ? 0 : 1;
    const zip = ['Surburban', 'Urban', 'Rural'][rng.weightedIndex([0.45, 0.4, 0.15])] as string;
    const newbie = rng.bernoulli(0.5) ? 1 : 0;
    const channel = ['Phone', 'Web', 'Multichannel'][rng.weightedIndex([0.44, 0.44, 0.12])] as string;
    const a = rng.int(3);
    const p0 = 0.004 + 0.002 * (recency <= 3 ? 1 : 0) + 0.002 * (history > 500 ? 1 : 0);
    const pMens = mens === 1 ? (newbie === 0 ? p0 + 0.02 : p0) : p0 - 0.004;
    const pWomens = womens === 1 ? p0 + 0.015 : p0;
    const ps = [clip(p0), clip(pMens), clip(pWomens)];
    group.push(
      mens === 1 && womens === 0
        ? newbie
          ? 'mens-only newbie'
          : 'mens-only'
        : mens
          ? newbie
            ? 'both newbie'
            : 'both'
          : 'womens-only',
    );
    const conv = rng.bernoulli(ps[a] as number) ? 1 : 0;
    // heavy: 1% of converters spend 2,000–6,000 (a few large values among many zeros).
    const spend = !conv
      ? 0
      : heavy && rng.bernoulli(0.01)
        ? Math.round(rng.uniform(2000, 6000) * 100) / 100
        : Math.round(Math.min(499, 30 + rng.exponential(1 / (meanSpend - 30))) * 100) / 100;
    const visit = conv || rng.bernoulli(0.1 + (a ? 0.05 : 0)) ? 1 : 0;
    for (let k = 0; k < 3; k++)
      (truth[k] as Float64Array)[i] =
        outcome === 'conversion' ? (ps[k] as number) : (ps[k] as number) * meanSpend;
    w.line(
      [
        recency,
        q(seg),
        history.toFixed(2),
        mens,
        womens,
        zip,
        newbie,
        channel,
        arms[a],
        visit,
        conv,
        spend.toFixed(2),
      ].join(','),
    );
  }
  w.close();
  // The mean spend of a converter is 30 + E[min(exp, 469)] ~ 30 + 80 * (1 - e^(-469/80)) = 109.8.
  const m0 = 30 + 80 * (1 - Math.exp(-469 / 80));
  const m = heavy ? 0.99 * m0 + 0.01 * 4000 : m0;
  if (outcome === 'spend')
    for (const t of truth) for (let i = 0; i < n; i++) t[i] = ((t[i] as number) / meanSpend) * m;
  return {
    name: `hillstrom-${outcome}${heavy ? '-heavy' : ''}`,
    file,
    args:
      outcome === 'conversion'
        ? [
            '--treatment',
            'segment',
            '--control',
            'No E-Mail',
            '--outcome',
            'conversion',
            '--revenue',
            'spend',
            '--exclude',
            'visit',
          ]
        : [
            '--treatment',
            'segment',
            '--control',
            'No E-Mail',
            '--outcome',
            'spend',
            '--exclude',
            'visit,conversion',
          ],
    arms: ['No E-Mail', 'Mens E-Mail', 'Womens E-Mail'],
    truth,
    group,
    idOf: (i) => String(i + 1),
  };
}

/**
 * Criteo uplift v2.1 (criteo-uplift-v2.1.csv): f0..f11 floats with 6 decimals, several with one
 * dominant value (f1 10.059654, f5 4.115453 …), treatment 85%, conversion ~0.3%, visit ~4.7%,
 * exposure only among treated. Planted on conversion: +0.6 points where f0 < 16, -0.15 points
 * elsewhere (base 0.3%).
 */
function criteo(dir: string, n: number, seed: number): Lookalike {
  const rng = new Rng(`criteo-${seed}`);
  const file = join(dir, `criteo-uplift-v2.1-${n}.csv`);
  const w = new Writer(file);
  w.line('f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11,treatment,conversion,visit,exposure');
  const truth = [new Float64Array(n), new Float64Array(n)];
  const group: string[] = [];
  const mode = (p: number, v: number, lo: number, hi: number) => (rng.bernoulli(p) ? v : rng.uniform(lo, hi));
  for (let i = 0; i < n; i++) {
    const f = [
      rng.uniform(12.6, 26.7),
      mode(0.95, 10.059654, 10.06, 16.3),
      mode(0.6, 8.214061, 8.2, 9.1),
      mode(0.5, 4.679882, -8.4, 4.68),
      mode(0.9, 10.280525, 10.28, 21.1),
      mode(0.9, 4.115453, -9.0, 4.12),
      mode(0.5, -4.0, -31.4, 0.3),
      mode(0.6, 4.833815, 4.83, 11.9),
      rng.uniform(3.64, 3.97),
      mode(0.7, 13.190056, 13.19, 75.3),
      mode(0.8, 5.300375, 1.4, 6.47),
      mode(0.95, -0.168679, -1.38, 0.2),
    ];
    const t = rng.bernoulli(0.85) ? 1 : 0;
    const base = 0.003;
    const sub = (f[0] as number) < 16;
    const p1 = sub ? base + 0.006 : base - 0.0015;
    truth[0]![i] = base;
    truth[1]![i] = p1;
    group.push(sub ? 'f0<16' : 'f0>=16');
    const conv = rng.bernoulli(t ? p1 : base) ? 1 : 0;
    const visit = conv || rng.bernoulli(t ? 0.048 : 0.038) ? 1 : 0;
    const exposure = t && (conv || rng.bernoulli(0.03)) ? 1 : 0;
    w.line(`${f.map((v) => v.toFixed(6)).join(',')},${t},${conv},${visit},${exposure}`);
  }
  w.close();
  return {
    name: 'criteo',
    file,
    args: [
      '--treatment',
      'treatment',
      '--control',
      '0',
      '--outcome',
      'conversion',
      '--exclude',
      'visit,exposure',
    ],
    arms: ['0', '1'],
    truth,
    group,
    idOf: (i) => String(i + 1),
  };
}

/**
 * X5 RetailHero: uplift_train.csv (client_id hex, treatment_flg, target ~62%), clients.csv
 * (client_id, first_issue_date, first_redeem_date (empty for ~9%), age with outliers, gender U/F/M),
 * purchases.csv (one row per product line). Planted on target: +8 points for 18 <= age < 35,
 * -4 points for age >= 60, 0 otherwise. Returns the look-alike of the joined file x5.csv that
 * the docs' recipe builds (the join is done here, as DuckDB's COPY would write it).
 */
function x5(dir: string, n: number, seed: number): Lookalike {
  const rng = new Rng(`x5-${seed}`);
  const train = new Writer(join(dir, 'uplift_train.csv'));
  const clients = new Writer(join(dir, 'clients.csv'));
  const purchases = new Writer(join(dir, 'purchases.csv'));
  const joined = new Writer(join(dir, 'x5.csv'));
  train.line('client_id,treatment_flg,target');
  clients.line('client_id,first_issue_date,first_redeem_date,age,gender');
  purchases.line(
    'client_id,transaction_id,transaction_datetime,regular_points_received,express_points_received,regular_points_spent,express_points_spent,purchase_sum,store_id,product_id,product_quantity,trn_sum_from_iss,trn_sum_from_red',
  );
  joined.line('client_id,treatment_flg,target,first_issue_date,first_redeem_date,age,gender');
  const truth = [new Float64Array(n), new Float64Array(n)];
  const group: string[] = [];
  const ids: string[] = [];
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const t0 = Date.UTC(2017, 3, 4);
  const t1 = Date.UTC(2019, 2, 15);
  for (let i = 0; i < n; i++) {
    const id = (0x12768d + i * 7919 + rng.int(7000)).toString(16).padStart(10, '0');
    ids.push(id);
    const issue = t0 + rng.next() * (t1 - t0 - 864e5 * 10);
    const redeem = rng.bernoulli(0.09) ? '' : stamp(issue + rng.exponential(1 / (864e5 * 60)));
    const age = rng.bernoulli(0.004) ? [-7491, 1901, 999, 4][rng.int(4)] : Math.round(rng.uniform(18, 80));
    const gender = ['U', 'F', 'M'][rng.weightedIndex([0.45, 0.37, 0.18])] as string;
    const t = rng.bernoulli(0.5) ? 1 : 0;
    const valid = (age as number) >= 18 && (age as number) < 100;
    const young = valid && (age as number) < 35;
    const old = valid && (age as number) >= 60;
    const p0 = 0.6;
    const p1 = young ? 0.68 : old ? 0.56 : 0.6;
    truth[0]![i] = p0;
    truth[1]![i] = p1;
    group.push(young ? '18-34' : old ? '60+' : 'other');
    const y = rng.bernoulli(t ? p1 : p0) ? 1 : 0;
    train.line(`${id},${t},${y}`);
    clients.line(`${id},${stamp(issue)},${redeem},${age},${gender}`);
    joined.line(`${id},${t},${y},${stamp(issue)},${redeem},${age},${gender}`);
    if (i < 2000)
      for (let k = 0; k < 3; k++)
        purchases.line(
          `${id},${(i * 31 + k).toString(16).padStart(10, '0')},${stamp(t1 - rng.int(90) * 864e5)},0.4,0.0,0.0,0.0,${(rng.uniform(10, 900)).toFixed(2)},54a4a11a29,${(k * 977 + i).toString(16).padStart(10, '0')},1.0,${(rng.uniform(10, 900)).toFixed(2)},0.0`,
        );
  }
  for (const wr of [train, clients, purchases, joined]) wr.close();
  return {
    name: 'x5',
    file: join(dir, 'x5.csv'),
    args: ['--treatment', 'treatment_flg', '--control', '0', '--outcome', 'target', '--id', 'client_id'],
    arms: ['0', '1'],
    truth,
    group,
    idOf: (i) => ids[i] as string,
  };
}

/**
 * Lenta (sklift's lenta_dataset.csv.gz, pandas to_csv): 193 columns, float cells written "12.0",
 * NaN written empty, gender Ж/М/"Не определен", group test (75%)/control, response_att ~10%,
 * response_sms, response_viber. Planted on response_att: +6 points for gender Ж and age < 45,
 * -3 points for gender М, +1 point otherwise.
 */
function lenta(dir: string, n: number, seed: number): Lookalike {
  const rng = new Rng(`lenta-${seed}`);
  const file = join(dir, `lenta_dataset-${n}.csv.gz`);
  const names: string[] = ['age', 'children'];
  for (const s of ['cheque_count_12m', 'cheque_count_3m', 'cheque_count_6m'])
    for (const g of [
      'g20',
      'g21',
      'g25',
      'g32',
      'g33',
      'g36',
      'g38',
      'g39',
      'g41',
      'g42',
      'g45',
      'g46',
      'g48',
      'g52',
      'g56',
      'g57',
      'g58',
      'g79',
    ])
      names.push(`${s}_${g}`);
  names.push(
    'crazy_purchases_cnt_1m',
    'crazy_purchases_cnt_3m',
    'crazy_purchases_cnt_6m',
    'crazy_purchases_cnt_12m',
  );
  for (const s of [
    'disc_sum_6m',
    'sale_count_12m',
    'sale_sum_12m',
    'sale_sum_3m',
    'sale_sum_6m',
    'stdev_discount_depth',
    'mean_discount_depth',
  ])
    for (const g of [
      'g20',
      'g24',
      'g25',
      'g26',
      'g27',
      'g32',
      'g33',
      'g34',
      'g36',
      'g38',
      'g44',
      'g45',
      'g46',
      'g48',
      'g49',
      'g54',
      'g56',
      'g57',
    ])
      names.push(`${s}_${g}`);
  names.push(
    'food_share_15d',
    'food_share_1m',
    'k_var_cheque_15d',
    'k_var_cheque_3m',
    'main_format',
    'months_from_register',
    'perdelta_days_between_visits_15_30d',
  );
  const feats = names.length; // + gender, group, 3 responses
  const header = [
    ...names.slice(0, 2),
    ...names.slice(2),
    'gender',
    'group',
    'response_att',
    'response_sms',
    'response_viber',
  ];
  const lines: string[] = [header.join(',')];
  const truth = [new Float64Array(n), new Float64Array(n)];
  const group: string[] = [];
  for (let i = 0; i < n; i++) {
    const age = rng.bernoulli(0.02) ? Number.NaN : Math.round(rng.uniform(18, 75));
    const gender = rng.bernoulli(0.03)
      ? ''
      : (['Ж', 'М', 'Не определен'][rng.weightedIndex([0.62, 0.35, 0.03])] as string);
    const row: string[] = [Number.isNaN(age) ? '' : `${age}.0`, rng.bernoulli(0.3) ? '' : `${rng.int(3)}.0`];
    for (let k = 2; k < feats; k++) {
      const name = names[k] as string;
      if (name === 'main_format') row.push(`${rng.int(2)}.0`);
      else if (rng.bernoulli(k % 5 === 0 ? 0.8 : 0.15)) row.push('');
      else if (name.startsWith('cheque_count') || name.startsWith('crazy')) row.push(`${rng.int(12)}.0`);
      else row.push(String(Math.round(rng.logNormal(3, 1.2) * 1e4) / 1e4));
    }
    const t = rng.bernoulli(0.75) ? 1 : 0;
    const p0 = 0.09;
    const sub = gender === 'Ж' && age < 45;
    const p1 = sub ? p0 + 0.06 : gender === 'М' ? p0 - 0.03 : p0 + 0.01;
    truth[0]![i] = p0;
    truth[1]![i] = p1;
    group.push(sub ? 'Ж <45' : gender === 'М' ? 'М' : 'other');
    const y = rng.bernoulli(t ? p1 : p0) ? 1 : 0;
    row.push(
      gender,
      t ? 'test' : 'control',
      String(y),
      String(rng.bernoulli(0.05) ? 1 : 0),
      String(rng.bernoulli(0.01) ? 1 : 0),
    );
    lines.push(row.join(','));
  }
  const fd = openSync(file, 'w');
  writeSync(fd, gzipSync(`${lines.join('\n')}\n`));
  closeSync(fd);
  return {
    name: 'lenta',
    file,
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
    group,
    idOf: (i) => String(i + 1),
  };
}

/**
 * MegaFon (sklift megafon_dataset.csv): id (0..n-1), treatment_group control/treatment (50/50),
 * X_1..X_50 floats, conversion ~20%. Planted: +10 points where X_1 > 0 and X_2 > 0, -5 points where
 * X_3 > 1 (and not the former), 0 otherwise.
 */
function megafon(dir: string, n: number, seed: number): Lookalike {
  const rng = new Rng(`megafon-${seed}`);
  const file = join(dir, `megafon_dataset-${n}.csv`);
  const w = new Writer(file);
  w.line(
    ['id', 'treatment_group', ...Array.from({ length: 50 }, (_, k) => `X_${k + 1}`), 'conversion'].join(','),
  );
  const truth = [new Float64Array(n), new Float64Array(n)];
  const group: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 50 }, () => rng.normal(0, 1) * (1 + rng.int(3)));
    const t = rng.bernoulli(0.5) ? 1 : 0;
    const p0 = clip(0.2 + 0.03 * Math.tanh(x[4] as number));
    const up = (x[0] as number) > 0 && (x[1] as number) > 0;
    const harm = !up && (x[2] as number) > 1;
    const p1 = clip(p0 + (up ? 0.1 : harm ? -0.05 : 0));
    truth[0]![i] = p0;
    truth[1]![i] = p1;
    group.push(up ? 'X_1>0 & X_2>0' : harm ? 'X_3>1' : 'other');
    const y = rng.bernoulli(t ? p1 : p0) ? 1 : 0;
    w.line(`${i},${t ? 'treatment' : 'control'},${x.map((v) => v.toFixed(6)).join(',')},${y}`);
  }
  w.close();
  return {
    name: 'megafon',
    file,
    args: ['--treatment', 'treatment_group', '--control', 'control', '--outcome', 'conversion', '--id', 'id'],
    arms: ['control', 'treatment'],
    truth,
    group,
    idOf: (i) => String(i),
  };
}

/**
 * Starbucks (Udacity training.csv + Test.csv): ID (increasing, with gaps: the two files were one
 * numbering), Promotion Yes/No, purchase ~1.2%, V1 0..3, V2 float, V3 float, V4 1/2, V5 1..4, V6 1..4,
 * V7 1/2. Planted: +3 points for V4 = 2 and V5 >= 3, -0.5 points for V1 = 0, +0.5 otherwise.
 * With `split`, writes training and test rows into one file with a `split` column train/test.
 */
function starbucks(dir: string, n: number, seed: number, split = false): Lookalike {
  const rng = new Rng(`sbux-${seed}`);
  const file = join(dir, `starbucks${split ? '-split' : ''}-${n}.csv`);
  const w = new Writer(file);
  w.line(`ID,Promotion,purchase,V1,V2,V3,V4,V5,V6,V7${split ? ',split' : ''}`);
  const truth = [new Float64Array(n), new Float64Array(n)];
  const group: string[] = [];
  const ids: string[] = [];
  const splitTest = new Uint8Array(n);
  let id = 0;
  for (let i = 0; i < n; i++) {
    id += 1 + rng.int(3);
    ids.push(String(id));
    const v = [
      rng.int(4),
      rng.normal(30, 5),
      rng.normal(0, 1),
      1 + rng.int(2),
      1 + rng.int(4),
      1 + rng.int(4),
      1 + rng.int(2),
    ];
    const t = rng.bernoulli(0.5) ? 1 : 0;
    const p0 = 0.0076;
    const sub = v[3] === 2 && (v[4] as number) >= 3;
    const harm = !sub && v[0] === 0;
    const p1 = p0 + (sub ? 0.03 : harm ? -0.005 : 0.005);
    truth[0]![i] = p0;
    truth[1]![i] = p1;
    group.push(sub ? 'V4=2 & V5>=3' : harm ? 'V1=0' : 'other');
    const y = rng.bernoulli(t ? p1 : p0) ? 1 : 0;
    const test = split && rng.bernoulli(0.3);
    splitTest[i] = test ? 1 : 0;
    w.line(
      `${id},${t ? 'Yes' : 'No'},${y},${v[0]},${(v[1] as number).toFixed(6)},${(v[2] as number).toFixed(6)},${v.slice(3).join(',')}${split ? (test ? ',test' : ',train') : ''}`,
    );
  }
  w.close();
  return {
    name: split ? 'starbucks-split' : 'starbucks',
    file,
    args: [
      '--treatment',
      'Promotion',
      '--control',
      'No',
      '--outcome',
      'purchase',
      '--id',
      'ID',
      ...(split ? ['--split-column', 'split'] : []),
    ],
    arms: ['No', 'Yes'],
    truth,
    group,
    idOf: (i) => ids[i] as string,
    splitTest: split ? splitTest : undefined,
  };
}

export const LOOKALIKES = {
  'hillstrom-conversion': (d: string, n: number, s: number) => hillstrom(d, n, s, 'conversion'),
  'hillstrom-spend': (d: string, n: number, s: number) => hillstrom(d, n, s, 'spend'),
  'hillstrom-spend-heavy': (d: string, n: number, s: number) => hillstrom(d, n, s, 'spend', true),
  criteo,
  x5,
  lenta,
  megafon,
  starbucks,
  'starbucks-split': (d: string, n: number, s: number) => starbucks(d, n, s, true),
};
const SIZES: Record<string, number> = {
  'hillstrom-conversion': 64_000,
  'hillstrom-spend': 64_000,
  'hillstrom-spend-heavy': 64_000,
  criteo: 200_000,
  x5: 200_039,
  lenta: 50_000,
  megafon: 100_000,
  starbucks: 84_534,
  'starbucks-split': 84_534,
};

/** The score file against the planted truth. */
export function checkScores(l: Lookalike, scoresCsv: string) {
  const lines = readFileSync(scoresCsv, 'utf8').split('\n').filter(Boolean);
  const header = cells(lines[0] as string);
  const idCol = header.indexOf('id');
  const armCol = header.indexOf('recommended_arm');
  const heldCol = header.indexOf('held_out');
  const index = new Map<string, number>();
  const n = (l.truth[0] as Float64Array).length;
  for (let i = 0; i < n; i++) index.set(l.idOf(i), i);
  const seen = new Uint8Array(n);
  let held = 0;
  let policy = 0;
  let nobody = 0;
  let oracle = 0;
  let harmed = 0;
  let splitMismatch = 0;
  const perArm = new Float64Array(l.arms.length);
  const groups: Record<string, { rows: number; best: number; harmed: number; arms: Record<string, number> }> =
    {};
  for (const line of lines.slice(1)) {
    const c = cells(line);
    const i = index.get(c[idCol] as string);
    if (i === undefined) throw new Error(`score id ${c[idCol]} is no row`);
    seen[i]++;
    const isHeld = c[heldCol] === 'true';
    if (l.splitTest && (l.splitTest[i] === 1) !== isHeld) splitMismatch++;
    if (!isHeld) continue;
    const a = l.arms.indexOf(c[armCol] as string);
    if (a < 0) throw new Error(`arm ${c[armCol]} not in ${l.arms}`);
    held++;
    const vals = l.truth.map((t) => t[i] as number);
    const best = Math.max(...vals);
    policy += vals[a] as number;
    nobody += vals[0] as number;
    oracle += best;
    vals.forEach((v, k) => {
      perArm[k] = (perArm[k] as number) + v;
    });
    const key = l.group[i] as string;
    groups[key] ??= { rows: 0, best: 0, harmed: 0, arms: {} };
    const g = groups[key];
    g.rows++;
    g.arms[l.arms[a] as string] = (g.arms[l.arms[a] as string] ?? 0) + 1;
    if ((vals[a] as number) >= best - 1e-12) g.best++;
    if ((vals[a] as number) < (vals[0] as number) - 1e-12) {
      harmed++;
      g.harmed++;
    }
  }
  let missing = 0;
  let repeated = 0;
  for (let i = 0; i < n; i++) {
    if (seen[i] === 0) missing++;
    if ((seen[i] as number) > 1) repeated++;
  }
  return {
    score_rows: lines.length - 1,
    input_rows: n,
    ids_missing: missing,
    ids_repeated: repeated,
    split_mismatch: l.splitTest ? splitMismatch : undefined,
    held_out: held,
    policy_truth: policy / held,
    treat_nobody_truth: nobody / held,
    best_single_truth: Math.max(...Array.from(perArm, (v) => v / held)),
    oracle_truth: oracle / held,
    harmed_rows: harmed,
    groups,
  };
}

async function aether(db: string, ...args: string[]) {
  const t = Date.now();
  const r = await run(process.execPath, [bin, ...args, '--db', db, '--json'], {
    maxBuffer: 512 * 1024 * 1024,
  }).catch((e: { stdout: string; stderr: string; code: number }) => e);
  const seconds = (Date.now() - t) / 1000;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    doc = { unparsed_stdout: r.stdout.slice(0, 500) };
  }
  return { doc, stderr: r.stderr, seconds, code: 'code' in r ? r.code : 0 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = arg('dir') ?? '.tmp/s12/experiments/lookalikes';
  mkdirSync(dir, { recursive: true });
  const seed = Number(arg('seed') ?? 1);
  const only = (arg('only') ?? Object.keys(LOOKALIKES).join(',')).split(',');
  const steps = (arg('steps') ?? 'import,train,evaluate,score').split(',');
  const out: Record<string, unknown>[] = [];
  for (const name of only) {
    const n = Number(arg('rows') ?? SIZES[name]);
    const g0 = Date.now();
    const l = LOOKALIKES[name as keyof typeof LOOKALIKES](dir, n, seed);
    process.stderr.write(`${name}: ${n} rows written in ${((Date.now() - g0) / 1000).toFixed(1)} s\n`);
    const db = join(dir, `${name}-${n}-${seed}.duckdb`);
    for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
    const res: Record<string, unknown> = { case: name, rows: n, started_utc: new Date().toISOString() };
    const log = (step: string, r: Awaited<ReturnType<typeof aether>>) => {
      process.stderr.write(
        `  ${step}: ${r.seconds.toFixed(1)} s, exit ${r.code}\n${r.stderr.replace(/^/gm, '    ')}\n`,
      );
      res[`${step}_seconds`] = r.seconds;
    };
    if (steps.includes('import')) {
      const r = await aether(db, 'import', 'experiment', l.file, ...l.args);
      log('import', r);
      res.import = r.doc;
    }
    if (steps.includes('train')) {
      const r = await aether(db, 'train');
      log('train', r);
      res.train = r.doc;
    }
    if (steps.includes('evaluate')) {
      const r = await aether(db, 'evaluate');
      log('evaluate', r);
      res.evaluate = r.doc;
    }
    if (steps.includes('score')) {
      const csv = join(dir, `${name}-${n}-${seed}-scores.csv`);
      const r = await aether(db, 'score', '--out', csv);
      log('score', r);
      res.score = r.doc;
      if (r.code === 0) res.check = checkScores(l, csv);
    }
    out.push(res);
    process.stdout.write(`${JSON.stringify(res)}\n`);
  }
}
