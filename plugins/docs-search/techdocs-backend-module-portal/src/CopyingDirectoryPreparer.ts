import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Entity, getEntitySourceLocation } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  DirectoryPreparer,
  PreparerBase,
  PreparerConfig,
  PreparerOptions,
  PreparerResponse,
} from '@backstage/plugin-techdocs-node';
import { Config } from '@backstage/config';
import { MkdocsConfigPolicy } from './MkdocsConfigPolicy';

const CONFIG_FILES = ['mkdocs.yml', 'mkdocs.yaml'];

/**
 * Prepares `dir:` docs sites from a copy. Backstage's own directory preparer hands the generator the
 * entity's folder itself, and the generator then rewrites `mkdocs.yml` in place (it sanitises the file and
 * adds its plugins), so a portal running from a checkout would edit the repository's files. This preparer
 * lets Backstage resolve the folder (with its check that a `dir:` reference stays inside the folder of the
 * entity's catalog file) and copies only what mkdocs needs into a temporary folder: the config file, which
 * must pass the {@link MkdocsConfigPolicy}, and the `docs_dir`, which must lie inside the site's folder and
 * may not contain symbolic links.
 */
export class CopyingDirectoryPreparer implements PreparerBase {
  static fromConfig(
    config: Config,
    options: PreparerConfig & { workingDirectory?: string },
  ): CopyingDirectoryPreparer {
    return new CopyingDirectoryPreparer(
      DirectoryPreparer.fromConfig(config, options),
      MkdocsConfigPolicy.fromConfig(config),
      options.workingDirectory ?? os.tmpdir(),
    );
  }

  private constructor(
    private readonly upstream: PreparerBase,
    private readonly policy: MkdocsConfigPolicy,
    private readonly workingDirectory: string,
  ) {}

  shouldCleanPreparedDirectory(): boolean {
    // Either a copy made here, or a folder Backstage downloaded from a URL: both are temporary.
    return true;
  }

  async prepare(
    entity: Entity,
    options?: PreparerOptions,
  ): Promise<PreparerResponse> {
    const prepared = await this.upstream.prepare(entity, options);
    if (getEntitySourceLocation(entity).type !== 'file') {
      return prepared;
    }
    const copy = await fs.mkdtemp(
      path.join(this.workingDirectory, 'techdocs-prepared-'),
    );
    try {
      await copySite(prepared.preparedDir, copy, this.policy);
    } catch (error) {
      await fs.rm(copy, { recursive: true, force: true });
      throw error;
    }
    options?.logger?.debug(`Copied ${prepared.preparedDir} to ${copy}`);
    return { preparedDir: copy, etag: prepared.etag };
  }
}

async function copySite(
  siteDir: string,
  target: string,
  policy: MkdocsConfigPolicy,
) {
  let docsDir = 'docs';
  for (const name of CONFIG_FILES) {
    const file = path.join(siteDir, name);
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat) continue;
    if (!stat.isFile()) {
      throw new NotAllowedError(`${name} of the docs site is not a plain file`);
    }
    // Checked before anything is copied; the generator checks the copy again (PolicyCheckingGenerator).
    docsDir = policy.check(await fs.readFile(file, 'utf8'), name).docsDir;
    await fs.copyFile(file, path.join(target, name));
  }
  // Throws when docs_dir points outside the site's folder (`../..`, an absolute path).
  const source = resolveSafeChildPath(siteDir, docsDir);
  const relative = path.relative(siteDir, source);
  if (relative === '') {
    throw new NotAllowedError(
      'docs_dir may not be the folder of mkdocs.yml itself',
    );
  }
  if (!(await fs.stat(source).catch(() => undefined))?.isDirectory()) {
    return; // mkdocs reports the missing docs folder itself
  }
  await fs.cp(source, path.join(target, relative), {
    recursive: true,
    filter: async file => {
      if ((await fs.lstat(file)).isSymbolicLink()) {
        throw new NotAllowedError(
          `the docs contain a symbolic link, which TechDocs does not follow: ${path.relative(
            siteDir,
            file,
          )}`,
        );
      }
      return true;
    },
  });
}
