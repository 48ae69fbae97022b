import type { Command } from 'commander';
import { buildDataReport, type DataReport } from '../../simulate/index.ts';
import { action, emit } from '../output.ts';
import { withStore } from '../with-store.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function band(r: DataReport, key: string, value: number, show: (x: number) => string): string {
  const b = r.bands[key];
  if (!b) return show(value);
  const ok = value >= b.min && value <= b.max;
  return `${show(value).padEnd(10)} band ${show(b.min)}–${show(b.max)} ${ok ? 'ok' : 'OUT OF BAND'}`;
}

function render(r: DataReport): string {
  const d = r.causal_difficulty;
  const money = (x: number) => `$${x.toFixed(2)}`;
  const lines = [
    `Data set ${r.db} (source ${r.source ?? '?'}, seed ${r.seed ?? '?'}, as of ${r.as_of ?? '?'})`,
    '',
    'Realism',
    `  customers                   ${r.customers.toLocaleString('en-US')}`,
    `  orders                      ${r.orders.toLocaleString('en-US')}`,
    `  average order value         ${band(r, 'average_order_value', r.average_order_value, money)} (median ${money(r.median_order_value)}, skewness ${r.order_value_skewness.toFixed(2)})`,
    `  repeat-purchase rate        ${band(r, 'repeat_purchase_rate', r.repeat_purchase_rate, pct)}`,
    `  return rate (orders)        ${band(r, 'return_rate', r.return_rate, pct)}`,
    `  cart abandonment            ${band(r, 'cart_abandonment_rate', r.cart_abandonment_rate, pct)}`,
    `  email open rate             ${band(r, 'email_open_rate', r.email_open_rate, pct)}`,
    `  clicks per delivered email  ${band(r, 'email_click_rate', r.email_click_rate, pct)}`,
    `  top-quintile revenue share  ${band(r, 'top_quintile_revenue_share', r.top_quintile_revenue_share, pct)}`,
    `  Q4 share of ${r.q4_year} revenue    ${band(r, 'q4_revenue_share', r.q4_revenue_share, pct)}`,
    `  churned (no visit in 180 d) ${pct(r.churned_share)}`,
    `  campaigns                   ${r.campaigns} (reserved for evaluation: ${r.reserved_campaign ?? 'none'})`,
    `  acquisition sources         ${Object.entries(r.acquisition_source_mix)
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join(', ')}`,
    '',
    `Causal difficulty (${d.population})`,
    `  control conversion in window  min ${pct(d.control_conversion_range.min)}, mean ${pct(d.control_conversion_range.mean)}, max ${pct(d.control_conversion_range.max)} (band ${pct(r.bands.control_conversion!.min)}–${pct(r.bands.control_conversion!.max)} per campaign)`,
    `  true control probability      min ${pct(d.true_control_probability_range.min)}, mean ${pct(d.true_control_probability_range.mean)}, max ${pct(d.true_control_probability_range.max)} (campaign audiences' mean, no sampling noise)`,
    '  average effect per trigger (pp; band −0.5..+3):',
    ...Object.entries(d.average_effect_pp).map(
      ([t, v]) =>
        `    ${t.padEnd(28)} ${v.toFixed(2).padStart(6)}   (reserved campaign ${d.reserved_campaign_average_effect_pp[t as keyof typeof d.average_effect_pp].toFixed(2)})`,
    ),
    `  population's best trigger     ${d.population_best_trigger}`,
    `  helped by some trigger        ${pct(d.helped_share)}; of them, best trigger differs from the population's: ${band(r, 'helped_best_differs_share', d.helped_best_differs_share, pct)}`,
    `  do-not-disturb (every trigger harms) ${band(r, 'do_not_disturb_share', d.do_not_disturb_share, pct)}`,
    `  uplift variance explained by observable features (held-out R², ${d.uplift_r2_observable.sample} customers): mean ${d.uplift_r2_observable.mean.toFixed(2)}, max ${d.uplift_r2_observable.max.toFixed(2)} (band ≤ 0.60)`,
  ];
  return lines.join('\n');
}

export function registerDataReport(program: Command): void {
  const data =
    program.commands.find((c) => c.name() === 'data') ??
    program.command('data').description('Inspect the data set');
  data
    .command('report')
    .description('Realism figures of the data set against industry bands, and the causal-difficulty figures')
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: { db?: string; json?: boolean }) => {
        const report = await withStore(opts, (store) => buildDataReport(store), { readOnly: true });
        emit(report, opts, render);
      }),
    );
}
