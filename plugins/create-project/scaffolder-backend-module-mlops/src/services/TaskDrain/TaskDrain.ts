import {
  AuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import { existsSync } from 'fs';
import os from 'os';
import path from 'path';

/** A task runs here when its heartbeat (every second) is this recent and its workspace is on this disk. */
const HEARTBEAT_FRESH_MS = 15_000;
const POLL_MS = 1_000;
const DEFAULT_GRACE_SECONDS = 300;

/** Keeps the backend serving while its own "Create project" runs finish. */
export interface TaskDrain {
  /**
   * Settles when no task is running in this process any more, or when the grace period is over. Meant
   * for the root lifecycle's before-shutdown hook: the HTTP server and every plugin still serve then.
   */
  waitForRunningTasks(): Promise<void>;
}

/**
 * Backstage's graceful shutdown (`scaffolder.EXPERIMENTAL_gracefulShutdown`) waits for running tasks in
 * the root lifecycle's shutdown, when the plugins have stopped serving and the HTTP server closes: a
 * task's later steps that call the backend (registering the project in the catalog) then fail. This
 * waits earlier, before anything stops; readiness already answers 503 then, so no new request arrives.
 *
 * A task runs in this process when it is `processing`, its heartbeat is fresh, and its workspace
 * (`<backend.workingDirectory>/<task id>`) is on this process's disk: other replicas' tasks and a task
 * cut by a crash (whose heartbeat stopped) are not waited for.
 */
export class DefaultTaskDrain implements TaskDrain {
  static fromConfig(
    config: RootConfigService,
    deps: {
      scaffolder: ScaffolderService;
      auth: AuthService;
      logger: LoggerService;
    },
  ): DefaultTaskDrain {
    const key = 'createProject.shutdownGraceSeconds';
    const graceSeconds = config.getOptionalNumber(key) ?? DEFAULT_GRACE_SECONDS;
    if (!(graceSeconds >= 0)) {
      throw new Error(`${key} must be a number of seconds, 0 or more`);
    }
    return new DefaultTaskDrain({
      ...deps,
      graceMs: graceSeconds * 1000,
      workingDirectory:
        config.getOptionalString('backend.workingDirectory') ?? os.tmpdir(),
    });
  }

  private constructor(
    private readonly options: {
      scaffolder: ScaffolderService;
      auth: AuthService;
      logger: LoggerService;
      graceMs: number;
      workingDirectory: string;
    },
  ) {}

  async waitForRunningTasks(): Promise<void> {
    const { logger, graceMs } = this.options;
    const deadline = Date.now() + graceMs;
    let running = await this.runningHere();
    if (running.length === 0) return;
    logger.info('Waiting for running Create-project tasks before stopping', {
      tasks: running.join(','),
      graceSeconds: graceMs / 1000,
    });
    while (running.length > 0) {
      if (Date.now() >= deadline) {
        logger.warn(
          'Stopping with Create-project tasks still running: the grace period is over',
          { tasks: running.join(',') },
        );
        return;
      }
      await new Promise(r => setTimeout(r, POLL_MS));
      running = await this.runningHere();
    }
    logger.info('The running Create-project tasks have finished');
  }

  /** The ids of the tasks running in this process. */
  private async runningHere(): Promise<string[]> {
    const { scaffolder, auth, logger, workingDirectory } = this.options;
    try {
      const { items } = await scaffolder.listTasks(
        { status: 'processing', limit: 1000 },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      const now = Date.now();
      return items
        .filter(
          t =>
            t.lastHeartbeatAt &&
            now - Date.parse(t.lastHeartbeatAt) < HEARTBEAT_FRESH_MS &&
            existsSync(path.join(workingDirectory, t.id)),
        )
        .map(t => t.id);
    } catch (error) {
      // Stopping must not hang on this: without the list, nothing is waited for.
      logger.warn('Could not list the running Create-project tasks', {
        error: String(error),
      });
      return [];
    }
  }
}
