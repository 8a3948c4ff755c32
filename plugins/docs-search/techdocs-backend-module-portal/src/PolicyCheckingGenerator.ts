import fs from 'node:fs/promises';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import {
  GeneratorBase,
  GeneratorRunOptions,
  TechdocsGenerator,
} from '@backstage/plugin-techdocs-node';
import { MkdocsConfigPolicy } from './MkdocsConfigPolicy';
import {
  describeDuration,
  killBuildsIn,
  readBuildTimeout,
} from './buildTimeout';

const CONFIG_FILES = ['mkdocs.yml', 'mkdocs.yaml'];

/**
 * Backstage's mkdocs generator, run only for sites whose mkdocs.yml passes the {@link MkdocsConfigPolicy},
 * and stopped when it runs longer than `techdocs.portal.buildTimeout` (Backstage's generator waits for
 * mkdocs forever, and one hung build would hold every later build of the pass behind it).
 * It sees every site whatever its source (`dir:` folders prepared by the CopyingDirectoryPreparer, `url:`
 * repositories downloaded by Backstage), so no config reaches mkdocs unchecked.
 */
export class PolicyCheckingGenerator implements GeneratorBase {
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): PolicyCheckingGenerator {
    return new PolicyCheckingGenerator(
      MkdocsConfigPolicy.fromConfig(config),
      TechdocsGenerator.fromConfig(config, { logger: options.logger }),
      readBuildTimeout(config),
    );
  }

  private constructor(
    private readonly policy: MkdocsConfigPolicy,
    private readonly upstream: GeneratorBase,
    private readonly timeoutMs: number,
  ) {}

  async run(options: GeneratorRunOptions): Promise<void> {
    for (const name of CONFIG_FILES) {
      const file = path.join(options.inputDir, name);
      const stat = await fs.lstat(file).catch(() => undefined);
      if (!stat) continue;
      if (!stat.isFile()) {
        throw new NotAllowedError(
          `${name} of the docs site is not a plain file`,
        );
      }
      this.policy.check(await fs.readFile(file, 'utf8'), name);
    }
    await this.runWithinTimeout(options);
  }

  private async runWithinTimeout(options: GeneratorRunOptions): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const build = this.upstream.run(options);
    const timedOut = new Promise<'timed out'>(resolve => {
      timer = setTimeout(() => resolve('timed out'), this.timeoutMs);
    });
    try {
      const outcome = await Promise.race([
        build.then(() => 'built' as const),
        timedOut,
      ]);
      if (outcome === 'built') return;
    } finally {
      clearTimeout(timer);
    }
    const stopped = await killBuildsIn(options.inputDir);
    // Once mkdocs is killed the upstream's wait ends (with its own failure, replaced by ours below).
    if (stopped > 0) await build.catch(() => undefined);
    else build.catch(() => undefined);
    options.logger.warn('Stopped a docs build that ran past its time limit', {
      timeoutMs: this.timeoutMs,
      processes: stopped,
    });
    throw new ServiceUnavailableError(
      `The docs build was stopped after ${describeDuration(
        this.timeoutMs,
      )}: mkdocs did not finish. Check the site’s pages for a file that cannot be read, or raise techdocs.portal.buildTimeout.`,
    );
  }
}
