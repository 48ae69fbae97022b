import cliProgress from 'cli-progress';

/**
 * Progress of long work on stderr: a bar with counts and rate on a terminal, plain periodic
 * lines otherwise (CI, pipes), so stdout stays free for results.
 */
export interface Progress {
  tick(n?: number): void;
  set(done: number): void;
  done(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  unit?: string;
  /** Silence everything (tests, --quiet). */
  quiet?: boolean;
  /** Seconds between plain lines when stderr is not a terminal. */
  intervalSeconds?: number;
}

export function startProgress(options: ProgressOptions): Progress {
  const { label, total, unit = 'items', quiet = false } = options;
  let count = 0;
  if (quiet || process.env.AETHER_QUIET === '1') {
    return {
      tick: (n = 1) => {
        count += n;
      },
      set: (d) => {
        count = d;
      },
      done: () => {},
    };
  }
  const started = Date.now();
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | eta {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: '0' });
    const update = () => {
      const secs = Math.max((Date.now() - started) / 1000, 1e-3);
      bar.update(count, { rate: Math.round(count / secs).toLocaleString('en-US') });
    };
    return {
      tick: (n = 1) => {
        count += n;
        update();
      },
      set: (d) => {
        count = d;
        update();
      },
      done: () => {
        update();
        bar.stop();
      },
    };
  }
  const interval = (options.intervalSeconds ?? 5) * 1000;
  let lastPrint = started;
  const line = (final: boolean) => {
    const secs = Math.max((Date.now() - started) / 1000, 1e-3);
    const pct = total > 0 ? ((100 * count) / total).toFixed(1) : '100.0';
    process.stderr.write(
      `${label}: ${count.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit} (${pct}%), ` +
        `${Math.round(count / secs).toLocaleString('en-US')}/s${final ? `, done in ${secs.toFixed(1)} s` : ''}\n`,
    );
  };
  const maybe = () => {
    const now = Date.now();
    if (now - lastPrint >= interval) {
      lastPrint = now;
      line(false);
    }
  };
  return {
    tick: (n = 1) => {
      count += n;
      maybe();
    },
    set: (d) => {
      count = d;
      maybe();
    },
    done: () => line(true),
  };
}

/** A log line for humans on stderr (never stdout, which carries results). */
export function note(message: string): void {
  if (process.env.AETHER_QUIET === '1') return;
  process.stderr.write(`${message}\n`);
}
