import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.ts';
import { aetherJson } from '../test-support/run-cli.ts';
import {
  type ColumnProfile,
  describeProposal,
  profileExperimentColumns,
  proposeExperimentRoles,
} from './experiment-roles.ts';

const dir = mkdtempSync(join(tmpdir(), 'aether-roles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Hillstrom-shaped e-mail test: three arms, two 0/1 outcomes, a spend, 0/1 features. */
function hillstromLike(rows: number): string {
  const arms = ['Mens E-Mail', 'Womens E-Mail', 'No E-Mail'];
  const lines = ['recency,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion,spend'];
  for (let i = 0; i < rows; i++) {
    const arm = arms[i % 3] as string;
    const visit = (i * 7) % 11 === 0 ? 1 : 0;
    const conversion = visit && i % 2 === 0 ? 1 : 0;
    lines.push(
      [
        1 + (i % 12),
        (20 + ((i * 37) % 900)).toFixed(2),
        i % 2,
        (i + 1) % 2,
        ['Urban', 'Surburban', 'Rural'][i % 3],
        (i >> 1) % 2,
        ['Web', 'Phone', 'Multichannel'][(i >> 2) % 3],
        arm,
        visit,
        conversion,
        conversion ? (30 + (i % 200)).toFixed(2) : '0.00',
      ].join(','),
    );
  }
  const file = join(dir, `hillstrom-${rows}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function profile(
  column: string,
  labels: [string, number][],
  extra: Partial<ColumnProfile> = {},
): ColumnProfile {
  const filled = labels.reduce((s, [, n]) => s + n, 0);
  const values = labels.map(([v]) => v);
  return {
    column,
    filled,
    distinct: labels.length,
    labels: labels.map(([value, n]) => ({ value, n })),
    binary: values.every((v) => ['0', '1', 'true', 'false', 'yes', 'no'].includes(v.toLowerCase())),
    numeric: values.every((v) => Number.isFinite(Number(v))),
    ...extra,
  };
}

describe('proposeExperimentRoles', () => {
  it('reads the arm, its control and the outcome of a two-arm 0/1 file (Criteo: treatment before exposure, conversion before visit)', () => {
    const p = proposeExperimentRoles([
      profile('f0', [], { distinct: 13, numeric: true }),
      profile('treatment', [
        ['1', 850],
        ['0', 150],
      ]),
      profile('conversion', [
        ['0', 997],
        ['1', 3],
      ]),
      profile('visit', [
        ['0', 950],
        ['1', 50],
      ]),
      profile('exposure', [
        ['0', 970],
        ['1', 30],
      ]),
    ]);
    expect(p.treatment?.column).toBe('treatment');
    expect(p.treatment?.control).toBe('0');
    expect(p.outcome).toBe('conversion');
    expect(p.otherOutcomes).toEqual(['visit']);
  });

  it('names no arm where no column has a handful of labels with an arm-like name or a control label', () => {
    const p = proposeExperimentRoles([
      profile('age', [], { distinct: 13, numeric: true }),
      profile('gender', [
        ['F', 500],
        ['M', 480],
        ['U', 20],
      ]),
      profile('conversion', [
        ['0', 900],
        ['1', 100],
      ]),
    ]);
    expect(p.treatment).toBeNull();
    expect(p.outcome).toBe('conversion');
    expect(describeProposal('f.csv', p, {})).toContain('no column looks like an arm');
  });

  it('keeps the column the user named and proposes its control, and leaves out an arm with under 1% of rows', () => {
    const labels: [string, number][] = [
      ['Yes', 600],
      ['No', 395],
      ['?', 5],
    ];
    expect(proposeExperimentRoles([profile('Promotion', labels)]).treatment).toBeNull();
    const named = proposeExperimentRoles([profile('Promotion', labels)], { treatment: 'Promotion' });
    expect(named.treatment).toMatchObject({ column: 'Promotion', control: 'No' });
  });

  it('says which label is control only when one reads so', () => {
    const p = proposeExperimentRoles([
      profile('variant', [
        ['A', 500],
        ['B', 500],
      ]),
    ]);
    expect(p.treatment?.control).toBeNull();
    expect(describeProposal('f.csv', p, {})).toContain(
      'say which of its labels is the control group with --control',
    );
  });
});

describe('import experiment without its roles', () => {
  it('profiles a real file: label counts, binary and numeric columns', async () => {
    const file = hillstromLike(3_000);
    const store = await openStore(':memory:');
    try {
      const profiles = await profileExperimentColumns(store, file);
      const byName = new Map(profiles.map((p) => [p.column, p]));
      expect(byName.get('segment')?.labels.map((l) => l.n)).toEqual([1_000, 1_000, 1_000]);
      expect(byName.get('conversion')?.binary).toBe(true);
      expect(byName.get('spend')).toMatchObject({ binary: false, numeric: true });
      expect(byName.get('history')?.labels).toEqual([]);
      // Nothing of the file is left in the store.
      const tables = await store.query<{ n: number }>(
        "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE 'import_stage%'",
      );
      expect(Number(tables[0]?.n)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('the refusal names the columns and a command, and that command imports the file', async () => {
    const file = hillstromLike(3_000);
    const db = join(dir, 'roles.duckdb');
    const refused = await aetherJson(db, 'import', 'experiment', file);
    expect(refused.code).not.toBe(0);
    const message = String((refused.doc.error as { detail?: string } | undefined)?.detail);
    expect(message).toContain('needs --treatment, --control, --outcome');
    expect(message).toContain(
      'arm column segment has "Mens E-Mail" 1,000, "No E-Mail" 1,000, "Womens E-Mail" 1,000',
    );
    expect(message).toContain('spend could be --revenue');
    const command = /try: aether (.*)$/.exec(message)?.[1];
    expect(command).toBe(
      `import experiment ${file} --treatment segment --control "No E-Mail" --outcome conversion`,
    );
    const imported = await aetherJson(
      db,
      'import',
      'experiment',
      file,
      '--treatment',
      'segment',
      '--control',
      'No E-Mail',
      '--outcome',
      'conversion',
    );
    expect(imported.code).toBe(0);
    expect(imported.doc).toMatchObject({
      row_count: 3_000,
      treatment_column: 'segment',
      control_value: 'No E-Mail',
    });
  });
});
