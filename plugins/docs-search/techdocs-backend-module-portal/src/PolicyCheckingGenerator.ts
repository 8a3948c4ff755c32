import fs from 'node:fs/promises';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  GeneratorBase,
  GeneratorRunOptions,
  TechdocsGenerator,
} from '@backstage/plugin-techdocs-node';
import { MkdocsConfigPolicy } from './MkdocsConfigPolicy';

const CONFIG_FILES = ['mkdocs.yml', 'mkdocs.yaml'];

/**
 * Backstage's mkdocs generator, run only for sites whose mkdocs.yml passes the {@link MkdocsConfigPolicy}.
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
    );
  }

  private constructor(
    private readonly policy: MkdocsConfigPolicy,
    private readonly upstream: GeneratorBase,
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
    await this.upstream.run(options);
  }
}
