// Prometheus metrics (prom-client) for operators: one registry per process, shared by
// the Express server (server/ops.ts) and the app bundle, which both import this module
// from node_modules' prom-client (the server build keeps dependencies external).
// Figures that live in the database (job queue, search outbox) are read when scraped,
// so every node reports the same shared queue and nothing is counted in memory twice.
import client from "prom-client";

const g = globalThis as unknown as { __beeMetrics?: ReturnType<typeof createMetrics> };

function createMetrics() {
  const registry = new client.Registry();
  // Event-loop lag, heap, RSS, GC and handles: prom-client's defaults.
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return {
    registry,
    httpDuration: new client.Histogram({
      name: "bee_http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its response, by route pattern, method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    pageCache: new client.Counter({
      name: "bee_page_cache_requests_total",
      help: "Page-cache lookups by result (hit, stale, shared, miss); the hit ratio is hit / total",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    searchDuration: new client.Histogram({
      name: "bee_search_duration_seconds",
      help: "Time the search engine took to answer a query (search or related)",
      labelNames: ["engine", "kind"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    // PostgreSQL's SERIALIZABLE transactions are run again when refused (db.server.ts): a
    // burst of these on hot cases is what makes comment writes slow, and nothing else shows it.
    transactionRetries: new client.Counter({
      name: "bee_db_transaction_retries_total",
      help: "Transactions run again after PostgreSQL refused them: a serialization failure or deadlock (conflict), or a unique violation a concurrent transaction may have caused (unique)",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
  };
}

export const metrics = (g.__beeMetrics ??= createMetrics());

/**
 * A gauge whose value is read when Prometheus scrapes (e.g. a COUNT in the database).
 * Registering the same name again (a development reload) replaces the reader.
 */
export function registerScrapedGauge(
  name: string,
  help: string,
  read: () => Promise<number | Record<string, number>>,
  labelName?: string,
) {
  metrics.registry.removeSingleMetric(name);
  new client.Gauge({
    name,
    help,
    labelNames: labelName ? [labelName] : [],
    registers: [metrics.registry],
    async collect() {
      const value = await read();
      if (typeof value === "number") this.set(value);
      else for (const [label, v] of Object.entries(value)) this.set({ [labelName!]: label }, v);
    },
  });
}

/** Times an engine call into bee_search_duration_seconds, whether it answers or throws. */
export async function timeSearch<T>(engine: string, kind: "search" | "related", run: () => Promise<T>): Promise<T> {
  const end = metrics.searchDuration.startTimer({ engine, kind });
  try {
    return await run();
  } finally {
    end();
  }
}
