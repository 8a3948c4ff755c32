import path from 'node:path';
import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { parseDocument, visit } from 'yaml';

/**
 * The top-level keys of mkdocs.yml that a TechDocs build accepts: those Backstage's generator keeps.
 * Anything else (`hooks`, which runs Python files; `INHERIT`, which reads another file) fails the build.
 */
const ALLOWED_KEYS = new Set([
  'site_name',
  'site_url',
  'site_description',
  'site_author',
  'repo_url',
  'repo_name',
  'edit_uri',
  'edit_uri_template',
  'docs_dir',
  'site_dir',
  'nav',
  'exclude_docs',
  'not_in_nav',
  'theme',
  'plugins',
  'markdown_extensions',
  'extra',
  'extra_css',
  'use_directory_urls',
  'strict',
  'dev_addr',
  'watch',
  'copyright',
  'remote_branch',
  'remote_name',
  'validation',
  'google_analytics',
]);

/** Keys of `theme:` that only style a page; `custom_dir` (templates from anywhere) is not among them. */
const ALLOWED_THEME_KEYS = new Set([
  'name',
  'font',
  'icon',
  'logo',
  'favicon',
  'language',
  'direction',
  'palette',
  'features',
]);

/** mkdocs plugins every site may use; `techdocs.generator.mkdocs` settings can add more. */
const DEFAULT_PLUGINS = ['search'];

/**
 * Markdown extensions that only change how Markdown renders. Python-Markdown's own, and the pymdownx
 * ones that read no file and fetch no URL: not `pymdownx.snippets` (it inlines files, and with
 * `url_download` URLs; Debian's pymdownx 9.5 reads any absolute or `../` path even without options) and
 * not `pymdownx.b64` (it inlines images from a `base_path`).
 */
const DEFAULT_EXTENSIONS = [
  'abbr',
  'admonition',
  'attr_list',
  'codehilite',
  'def_list',
  'extra',
  'fenced_code',
  'footnotes',
  'legacy_attrs',
  'legacy_em',
  'md_in_html',
  'meta',
  'nl2br',
  'sane_lists',
  'smarty',
  'tables',
  'toc',
  'wikilinks',
  'pymdownx.arithmatex',
  'pymdownx.betterem',
  'pymdownx.caret',
  'pymdownx.critic',
  'pymdownx.details',
  'pymdownx.emoji',
  'pymdownx.escapeall',
  'pymdownx.extra',
  'pymdownx.highlight',
  'pymdownx.inlinehilite',
  'pymdownx.keys',
  'pymdownx.magiclink',
  'pymdownx.mark',
  'pymdownx.progressbar',
  'pymdownx.saneheaders',
  'pymdownx.smartsymbols',
  'pymdownx.striphtml',
  'pymdownx.superfences',
  'pymdownx.tabbed',
  'pymdownx.tasklist',
  'pymdownx.tilde',
];

/** Why a well-known dangerous entry is refused, for the build's error message. */
const REASONS: Record<string, string> = {
  hooks: 'it runs Python files during the build',
  INHERIT: 'it reads another configuration file',
  'pymdownx.snippets': 'it copies files and URLs into pages',
  'pymdownx.b64': 'it copies files into pages',
  custom_dir: 'it loads page templates from the repository',
};

/** YAML's own tags; any other (`!!python/...`, mkdocs' `!ENV`) runs Python or reads the environment. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map(
    t => `tag:yaml.org,2002:${t}`,
  ),
);

/**
 * What an mkdocs.yml of a TechDocs site may contain. Backstage's generator already drops unknown keys,
 * plugins and extension options with a warning and then builds anyway; this policy refuses them instead,
 * so a hostile or mistaken config fails the build with one message naming every problem, before mkdocs
 * (or any copying of files) runs. The plugin and extension allow-lists grow with the generator's own
 * `techdocs.generator.mkdocs` settings, so an operator widens both in one place.
 */
export class MkdocsConfigPolicy {
  static fromConfig(config: Config): MkdocsConfigPolicy {
    const mkdocs = 'techdocs.generator.mkdocs';
    const list = (key: string) =>
      config.getOptionalStringArray(`${mkdocs}.${key}`) ?? [];
    const plugins = [
      ...DEFAULT_PLUGINS,
      ...list('defaultPlugins'),
      ...list('dangerouslyAllowAdditionalPlugins'),
    ];
    if (!config.getOptionalBoolean(`${mkdocs}.omitTechdocsCorePlugin`)) {
      plugins.push('techdocs-core');
    }
    return new MkdocsConfigPolicy(
      new Set(plugins),
      new Set([
        ...DEFAULT_EXTENSIONS,
        ...list('dangerouslyAllowAdditionalExtensions'),
      ]),
      new Set([...ALLOWED_KEYS, ...list('dangerouslyAllowAdditionalKeys')]),
    );
  }

  private constructor(
    private readonly plugins: Set<string>,
    private readonly extensions: Set<string>,
    private readonly keys: Set<string>,
  ) {}

  /**
   * Checks the text of an mkdocs.yml and returns its `docs_dir` (mkdocs' default `docs` when unset).
   * Throws a NotAllowedError naming every entry that is not allowed, or an InputError for YAML that does
   * not parse.
   */
  check(text: string, fileName = 'mkdocs.yml'): { docsDir: string } {
    const doc = parseDocument(text, {
      version: '1.1', // as mkdocs (PyYAML) reads it, `<<` merges included
      merge: true,
      uniqueKeys: true,
      prettyErrors: false,
    });
    const problems: string[] = [];
    visit(doc, {
      Node(_key, node) {
        if (node.tag && !CORE_TAGS.has(node.tag)) {
          problems.push(
            `the YAML tag ${node.tag.replace(
              /^tag:yaml\.org,2002:/,
              '!!',
            )} (tags run Python code or read the environment)`,
          );
        }
      },
    });
    if (doc.errors.length > 0) {
      throw new InputError(
        `${fileName} is not valid YAML: ${doc.errors[0].message}`,
      );
    }
    if (problems.length > 0) throw this.refusal(fileName, problems);

    const config: unknown = doc.toJS({ maxAliasCount: 100 });
    if (config === null || config === undefined) return { docsDir: 'docs' };
    if (!isPlainObject(config)) {
      throw new InputError(`${fileName} must be a mapping of settings`);
    }
    for (const key of Object.keys(config)) {
      if (!this.keys.has(key)) problems.push(this.entry(key));
    }
    problems.push(...checkTheme(config.theme));
    problems.push(
      ...this.checkNamed('plugins', 'plugin', config.plugins, this.plugins),
    );
    problems.push(
      ...this.checkNamed(
        'markdown_extensions',
        'markdown extension',
        config.markdown_extensions,
        this.extensions,
      ),
    );
    const docsDir = config.docs_dir ?? 'docs';
    if (
      typeof docsDir !== 'string' ||
      docsDir === '' ||
      path.isAbsolute(docsDir) ||
      path.normalize(docsDir) === '.' ||
      path.normalize(docsDir).split(path.sep)[0] === '..'
    ) {
      problems.push(
        `docs_dir ${JSON.stringify(
          docsDir,
        )} (it must name a folder inside the site's folder)`,
      );
    }
    if (problems.length > 0) throw this.refusal(fileName, problems);
    return { docsDir: path.normalize(docsDir as string) };
  }

  private refusal(fileName: string, problems: string[]) {
    return new NotAllowedError(
      `${fileName} uses what TechDocs does not build: ${problems.join('; ')}`,
    );
  }

  private entry(name: string, what = 'the setting') {
    const reason = REASONS[name];
    return `${what} ${name}${reason ? ` (${reason})` : ''}`;
  }

  /** Checks a list (or mapping) of plugins or extensions, each a name or a one-key mapping to its options. */
  private checkNamed(
    key: string,
    what: string,
    value: unknown,
    allowed: Set<string>,
  ): string[] {
    if (value === undefined || value === null) return [];
    let entries: unknown[];
    if (Array.isArray(value)) entries = value;
    else if (isPlainObject(value)) {
      entries = Object.entries(value).map(([name, options]) => ({
        [name]: options,
      }));
    } else return [`${key} (it must be a list)`];
    const problems: string[] = [];
    for (const entry of entries) {
      let name: string;
      if (typeof entry === 'string') {
        name = entry;
      } else if (isPlainObject(entry) && Object.keys(entry).length === 1) {
        const [[entryName, options]] = Object.entries(entry);
        name = entryName;
        if (options !== null && !isPlainObject(options)) {
          problems.push(`the options of the ${what} ${name}`);
          continue;
        }
      } else {
        problems.push(`an entry of ${key} that is not a name`);
        continue;
      }
      const shortName = name.replace(/^markdown\.extensions\./, '');
      if (!allowed.has(shortName))
        problems.push(this.entry(name, `the ${what}`));
    }
    return problems;
  }
}

function checkTheme(theme: unknown): string[] {
  if (theme === undefined || theme === null || typeof theme === 'string') {
    return [];
  }
  if (!isPlainObject(theme)) return ['theme (it must be a name or a mapping)'];
  return Object.keys(theme)
    .filter(key => !ALLOWED_THEME_KEYS.has(key))
    .map(
      key =>
        `the theme setting ${key}${REASONS[key] ? ` (${REASONS[key]})` : ''}`,
    );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
