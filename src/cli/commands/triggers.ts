import type { Command } from 'commander';
import { DEFAULT_COST_CONFIG } from '../../contracts/trigger-costs.ts';
import { TRIGGER_CATALOGUE, TRIGGER_IDS } from '../../contracts/triggers.ts';
import { action, emit } from '../output.ts';

export function registerTriggers(program: Command): void {
  program
    .command('triggers')
    .description("List the trigger catalogue with each trigger's cost model")
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: { json?: boolean }) => {
        const config = DEFAULT_COST_CONFIG;
        const result = {
          currency: config.currency,
          default_margin: config.default_margin,
          send_cost: config.send_cost,
          triggers: TRIGGER_IDS.map((id) => ({
            ...TRIGGER_CATALOGUE[id],
            intervention_type: TRIGGER_CATALOGUE[id].interventionType,
            cost: config.triggers[id],
          })),
        };
        emit(result, opts, (r) => {
          const lines = r.triggers.map(
            (t) =>
              `${t.id.padEnd(28)} ${t.intervention_type.padEnd(16)} ` +
              `${t.cost.order_value_share ? `${(t.cost.order_value_share * 100).toFixed(0)}% of order` : ''}` +
              `${t.cost.per_conversion_amount ? `${r.currency} ${t.cost.per_conversion_amount.toFixed(2)} per conversion` : ''}` +
              `${!t.cost.order_value_share && !t.cost.per_conversion_amount ? 'send cost only' : ''}  — ${t.description}`,
          );
          const send = Object.entries(r.send_cost)
            .map(([c, v]) => `${c} ${r.currency} ${v}`)
            .join(', ');
          return [
            ...lines,
            '',
            `Send cost per message: ${send}. Default margin ${Math.round(r.default_margin * 100)}%.`,
          ].join('\n');
        });
      }),
    );
}
