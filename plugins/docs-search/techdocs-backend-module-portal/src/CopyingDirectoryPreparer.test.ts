import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { CopyingDirectoryPreparer } from './CopyingDirectoryPreparer';
import { siteEntity } from './__testUtils__/siteEntity';

let root: string;
let work: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'docs-site-'));
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'docs-work-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(work, { recursive: true, force: true });
});

function preparer() {
  return CopyingDirectoryPreparer.fromConfig(new ConfigReader({}), {
    logger: mockServices.logger.mock(),
    reader: mockServices.urlReader.mock(),
    workingDirectory: work,
  });
}

/** An entity defined in `<root>/<catalogFile>` whose docs are at `dir:<ref>`. */
function entity(ref: string, catalogFile = 'catalog-info.yaml'): Entity {
  return siteEntity(path.join(root, catalogFile), ref);
}

async function write(file: string, text: string) {
  await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await fs.writeFile(path.join(root, file), text);
}

describe('CopyingDirectoryPreparer', () => {
  it('hands the generator a copy of mkdocs.yml and the docs, and nothing else', async () => {
    const config = 'site_name: Site\n# a comment the generator would drop\n';
    await write('mkdocs.yml', config);
    await write('docs/index.md', '# Home\n');
    await write('docs/guide/page.md', '# Page\n');
    await write('node_modules/huge/index.js', 'module.exports = 1;\n');

    const p = preparer();
    const { preparedDir } = await p.prepare(entity('.'));

    expect(preparedDir.startsWith(work)).toBe(true);
    expect((await fs.readdir(preparedDir)).sort()).toEqual([
      'docs',
      'mkdocs.yml',
    ]);
    expect(
      await fs.readFile(path.join(preparedDir, 'docs/guide/page.md'), 'utf8'),
    ).toBe('# Page\n');
    // What the generator does to the copy never reaches the repository.
    await fs.writeFile(path.join(preparedDir, 'mkdocs.yml'), 'rewritten\n');
    expect(await fs.readFile(path.join(root, 'mkdocs.yml'), 'utf8')).toBe(
      config,
    );
    expect(p.shouldCleanPreparedDirectory()).toBe(true);
  });

  it('follows docs_dir inside the site', async () => {
    await write('site/mkdocs.yml', "site_name: Site\ndocs_dir: 'pages'\n");
    await write('site/pages/index.md', '# Home\n');
    const { preparedDir } = await preparer().prepare(entity('./site'));
    expect(
      await fs.readFile(path.join(preparedDir, 'pages/index.md'), 'utf8'),
    ).toBe('# Home\n');
  });

  it('refuses a docs_dir outside the site', async () => {
    await write('site/mkdocs.yml', 'site_name: Site\ndocs_dir: ../secrets\n');
    await write('secrets/token.md', 'secret\n');
    await expect(preparer().prepare(entity('./site'))).rejects.toThrow(
      'docs_dir "../secrets" (it must name a folder inside the site\'s folder)',
    );
    expect(await fs.readdir(work)).toEqual([]);
  });

  it('refuses docs that contain a symbolic link', async () => {
    await write('mkdocs.yml', 'site_name: Site\n');
    await write('docs/index.md', '# Home\n');
    await fs.symlink('/etc/passwd', path.join(root, 'docs/passwd.md'));
    await expect(preparer().prepare(entity('.'))).rejects.toThrow(
      'the docs contain a symbolic link, which TechDocs does not follow: docs/passwd.md',
    );
    expect(await fs.readdir(work)).toEqual([]);
  });

  it('keeps Backstage’s rule that a dir: reference stays beside its catalog file', async () => {
    await write('mkdocs.yml', 'site_name: Site\n');
    await write('docs/index.md', '# Home\n');
    await expect(
      preparer().prepare(entity('..', 'catalog/catalog-info.yaml')),
    ).rejects.toThrow(/outside its parent/);
  });
});
