import {
  coreServices,
  createServiceFactory,
  RootHealthService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { checkPostgres } from '../preflight';

/** How long one probe may take, and how long its answer is reused (a load balancer polls often). */
const PROBE_TIMEOUT_MS = 2000;
const PROBE_REUSE_MS = 2000;

/**
 * Backstage's readiness (503 until started and while shutting down) that also says when PostgreSQL is
 * unreachable: a replica whose database is gone is taken out of the load balancer, with the sentence
 * the start-up check gives, and comes back by itself when the database does (the plugins' connection
 * pools recover on their own). On SQLite there is nothing to probe.
 */
export class DatabaseAwareHealthService implements RootHealthService {
  #state: 'init' | 'up' | 'down' = 'init';
  #last?: { at: number; problem: string | undefined };

  constructor(
    private readonly probe: (() => Promise<string | undefined>) | undefined,
    lifecycle: typeof coreServices.rootLifecycle.T,
  ) {
    lifecycle.addStartupHook(() => {
      this.#state = 'up';
    });
    lifecycle.addBeforeShutdownHook(() => {
      this.#state = 'down';
    });
  }

  static fromConfig(
    config: Config,
    lifecycle: typeof coreServices.rootLifecycle.T,
  ): DatabaseAwareHealthService {
    const postgres = config.getString('backend.database.client') === 'pg';
    return new DatabaseAwareHealthService(
      postgres
        ? () => checkPostgres(config, { timeoutMs: PROBE_TIMEOUT_MS })
        : undefined,
      lifecycle,
    );
  }

  async getLiveness() {
    return { status: 200, payload: { status: 'ok' } };
  }

  async getReadiness() {
    if (this.#state !== 'up') {
      const message =
        this.#state === 'init'
          ? 'Backend has not started yet'
          : 'Backend is shutting down';
      return { status: 503, payload: { status: 'error', message } };
    }
    const problem = await this.databaseProblem();
    return problem
      ? { status: 503, payload: { status: 'error', message: problem } }
      : { status: 200, payload: { status: 'ok' } };
  }

  private async databaseProblem(): Promise<string | undefined> {
    if (!this.probe) return undefined;
    if (!this.#last || Date.now() - this.#last.at > PROBE_REUSE_MS) {
      this.#last = { at: Date.now(), problem: await this.probe() };
    }
    return this.#last.problem;
  }
}

/** Replaces Backstage's root health service: `/.backstage/health/v1/readiness` knows the database. */
export const rootHealthServiceFactory = createServiceFactory({
  service: coreServices.rootHealth,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.rootLifecycle,
  },
  async factory({ config, lifecycle }) {
    return DatabaseAwareHealthService.fromConfig(config, lifecycle);
  },
});
