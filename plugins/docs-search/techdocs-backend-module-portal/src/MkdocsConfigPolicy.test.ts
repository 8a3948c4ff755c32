import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { MkdocsConfigPolicy } from './MkdocsConfigPolicy';

const policy = MkdocsConfigPolicy.fromConfig(
  new ConfigReader({
    techdocs: { generator: { mkdocs: { omitTechdocsCorePlugin: true } } },
  }),
);
const root = path.resolve(__dirname, '../../../..');
/** Every docs site of the repository (as scripts/build-docs.sh lists them). */
const sites = [
  'mkdocs.yml',
  'components/mkdocs.yml',
  ...fs
    .readdirSync(path.join(root, 'templates'))
    .map(dir => `templates/${dir}/mkdocs.yml`)
    .filter(file => fs.existsSync(path.join(root, file))),
];

describe('MkdocsConfigPolicy', () => {
  it.each(sites)('accepts the repository’s own site %s', file => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    expect(policy.check(text)).toEqual({ docsDir: 'docs' });
  });

  it('reads docs_dir as mkdocs does, defaulting to docs', () => {
    expect(policy.check('site_name: x\n')).toEqual({ docsDir: 'docs' });
    expect(policy.check('docs_dir: pages # the pages\n')).toEqual({
      docsDir: 'pages',
    });
    expect(policy.check('docs_dir: "my pages"\n')).toEqual({
      docsDir: 'my pages',
    });
    expect(policy.check('{site_name: x, docs_dir: ./a/../b}\n')).toEqual({
      docsDir: 'b',
    });
    expect(policy.check('')).toEqual({ docsDir: 'docs' });
  });

  it('names every problem in one message', () => {
    expect(() =>
      policy.check(
        'site_name: x\nhooks: [a.py]\nplugins: [search, macros]\nmarkdown_extensions:\n  - markdown.extensions.toc\n  - pymdownx.b64: {base_path: /}\n',
      ),
    ).toThrow(
      'mkdocs.yml uses what TechDocs does not build: the setting hooks (it runs Python files during the build); ' +
        'the plugin macros; the markdown extension pymdownx.b64 (it copies files into pages)',
    );
  });

  it('refuses options that are not a mapping and entries that are not names', () => {
    expect(() =>
      policy.check(
        'plugins:\n  - search: [1]\n  - [x]\nmarkdown_extensions: 3\n',
      ),
    ).toThrow(
      'the options of the plugin search; an entry of plugins that is not a name; markdown_extensions (it must be a list)',
    );
  });

  it('says when the file is not YAML or not a mapping', () => {
    expect(() => policy.check('site_name: [x\n')).toThrow(
      /^mkdocs.yml is not valid YAML: /,
    );
    expect(() => policy.check('a: 1\na: 2\n')).toThrow(/not valid YAML/);
    expect(() => policy.check('- a\n', 'mkdocs.yaml')).toThrow(
      'mkdocs.yaml must be a mapping of settings',
    );
  });

  it('widens with the generator’s own settings, in one place', () => {
    const wider = MkdocsConfigPolicy.fromConfig(
      new ConfigReader({
        techdocs: {
          generator: {
            mkdocs: {
              defaultPlugins: ['techdocs-core'],
              dangerouslyAllowAdditionalPlugins: ['macros'],
              dangerouslyAllowAdditionalExtensions: ['pymdownx.snippets'],
              dangerouslyAllowAdditionalKeys: ['hooks'],
            },
          },
        },
      }),
    );
    const text =
      'hooks: [a.py]\nplugins: [techdocs-core, macros]\nmarkdown_extensions: [pymdownx.snippets]\n';
    expect(wider.check(text)).toEqual({ docsDir: 'docs' });
    expect(() => policy.check(text)).toThrow(
      'the plugin techdocs-core; the plugin macros',
    );
  });
});
