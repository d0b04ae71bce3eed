/**
 * Every knob of `npm run bench`, read from the environment once. The defaults make one full run
 * take about ten minutes on a 2-core machine; smaller values are for development.
 */
const number = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, not ${raw}`);
  return value;
};

export const BENCH = {
  /** Latency: interleaved sequential samples per operation (ours and its floor), after a warm-up. */
  samples: number('BENCH_SAMPLES', 200),
  warmup: number('BENCH_WARMUP', 20),
  /** Throughput: requests per operation (ours and its floor each), at this concurrency, in rounds. */
  throughputRequests: number('BENCH_THROUGHPUT_REQUESTS', 240),
  concurrency: number('BENCH_CONCURRENCY', 8),
  throughputRounds: number('BENCH_THROUGHPUT_ROUNDS', 4),
  /** Publish-to-alert samples. */
  alertSamples: number('BENCH_ALERT_SAMPLES', 20),
  /** SLA sweep: open referrals of the larger backlog, and how many of them are due. */
  sweepLarge: number('BENCH_SWEEP_LARGE', 10_000),
  sweepDue: number('BENCH_SWEEP_DUE', 20),
  /** Dashboard: referrals of the larger quarter. */
  dashboardLarge: number('BENCH_DASHBOARD_LARGE', 50_000),
  /** Module initialization: fresh Node processes per bundle (the median is reported). */
  initRuns: number('BENCH_INIT_RUNS', 7),
  /** Sustained mixed load: seconds at the rate found, seconds per ramp probe, first and last rates probed. */
  loadSeconds: number('BENCH_LOAD_SECONDS', 60),
  loadProbeSeconds: number('BENCH_LOAD_PROBE_SECONDS', 10),
  loadStartRate: number('BENCH_LOAD_START_RATE', 10),
  loadMaxRate: number('BENCH_LOAD_MAX_RATE', 400),
} as const;

/** The targets of issue 8, part C. */
export const TARGETS = {
  /** Our p99 at most this many times the floor's. */
  p99Ratio: 3,
  /** Our throughput at least this fraction of the floor's. */
  throughputRatio: 0.5,
  /** Capacity at the large size at most this many times the small size's. */
  capacityRatio: 1.1,
  /** A bundle's size and module initialization time at most this many times the minimal handler's. */
  bundleRatio: 1.5,
  /** Under sustained mixed load: p99 below this (ms), and no errors. */
  loadP99Millis: 250,
} as const;
