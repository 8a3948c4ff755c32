/*
 * The production settings must never carry a development shortcut: each line here is one way a portal
 * was left open (see the threats list, A.9). Reads the files the Docker image loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '../../../..');

async function productionConfig() {
  // Every variable the files read is set, so that every key is present; the environment is put back.
  const saved = { ...process.env };
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    for (const [, name] of raw(file).matchAll(/\$\{(\w+)\}/g)) {
      process.env[name] = `value-of-${name}`;
    }
  }
  const { appConfigs } = await loadConfig({
    configRoot: root,
    configTargets: [
      { path: path.join(root, 'app-config.yaml') },
      { path: path.join(root, 'app-config.production.yaml') },
    ],
  });
  process.env = saved;
  return ConfigReader.fromConfigs(appConfigs);
}

function raw(file: string) {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

/** A catalog file and every file its Location entities bring in. */
function catalogFilesIn(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const files = [file];
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const entity = doc.toJS();
    if (entity?.kind !== 'Location') continue;
    const targets: string[] = entity.spec.targets ?? [entity.spec.target];
    for (const target of targets) {
      files.push(
        ...catalogFilesIn(path.resolve(path.dirname(file), target), seen),
      );
    }
  }
  return files;
}

/** Every catalog file the settings' locations read, relative to the repository's root. */
function productionCatalogFiles(config: ConfigReader): string[] {
  return config
    .getConfigArray('catalog.locations')
    .flatMap(location =>
      // Inside the image the working folder is the app root, the repository's root here.
      catalogFilesIn(path.join(root, location.getString('target'))),
    )
    .map(file => path.relative(root, file));
}

/** The kinds of every entity a catalog file brings in, following the targets of its Location entities. */
function kindsIn(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const kinds: string[] = [];
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const entity = doc.toJS();
    if (!entity) continue;
    kinds.push(entity.kind);
    if (entity.kind === 'Location') {
      const targets: string[] = entity.spec.targets ?? [entity.spec.target];
      for (const target of targets) {
        kinds.push(...kindsIn(path.resolve(path.dirname(file), target), seen));
      }
    }
  }
  return kinds;
}

describe('the production settings', () => {
  it('sign in only through Keycloak, by Keycloak username, with the secrets from the environment', async () => {
    const config = await productionConfig();
    expect(config.getConfig('auth.providers').keys()).toEqual(['oidc']);
    const oidc = config.getConfig('auth.providers.oidc.production');
    // Secrets come from the environment, never from the file.
    expect(raw('app-config.production.yaml')).toContain(
      'clientSecret: ${KEYCLOAK_CLIENT_SECRET}',
    );
    expect(oidc.getString('metadataUrl')).toBe(
      'value-of-KEYCLOAK_BASE_URL/realms/value-of-KEYCLOAK_REALM/.well-known/openid-configuration',
    );
    expect(oidc.get('signIn.resolvers')).toEqual([
      { resolver: 'preferredUsernameMatchingUserEntityName' },
    ]);
    expect(config.getString('auth.session.secret')).toBe(
      'value-of-AUTH_SESSION_SECRET',
    );
    expect(config.getStringArray('portal.signIn.providers')).toEqual([
      'keycloak',
    ]);
  });

  it('keep permissions on, PostgreSQL, and no unauthenticated proxy route', async () => {
    const config = await productionConfig();
    expect(config.getBoolean('permission.enabled')).toBe(true);
    expect(config.getString('backend.database.client')).toBe('pg');
    const endpoints = config.getOptionalConfig('proxy.endpoints');
    for (const key of endpoints?.keys() ?? []) {
      expect(
        `${key}: ${endpoints!.getOptional(`${key}.credentials`)}`,
      ).not.toMatch(/dangerously-allow-unauthenticated/);
    }
  });

  it('take users and groups only from Keycloak: no catalog file brings one in, no rule allows one', async () => {
    const config = await productionConfig();
    expect(config.getConfig('catalog.providers.keycloakOrg').keys()).toEqual([
      'default',
    ]);
    const allowed = (rules: ReturnType<typeof config.getConfigArray>) =>
      rules
        .flatMap(rule => rule.get<Array<string | { kind: string }>>('allow'))
        .map(kind => (typeof kind === 'string' ? kind : kind.kind));
    expect(
      allowed(config.getConfigArray('catalog.rules')).join(', '),
    ).not.toMatch(/\b(User|Group)\b/);
    const locations = config.getConfigArray('catalog.locations');
    expect(locations.length).toBeGreaterThan(0);
    const everything: string[] = [];
    for (const location of locations) {
      const target = location.getString('target');
      const kinds = allowed(location.getOptionalConfigArray('rules') ?? []);
      expect(`${target}: ${kinds.join(', ')}`).not.toMatch(/\b(User|Group)\b/);
      // Inside the image the working folder is the app root, the repository's root here.
      const brought = kindsIn(path.join(root, target));
      everything.push(...brought);
      expect(
        `${target}: ${[...new Set(brought)].sort().join(', ')}`,
      ).not.toMatch(/\b(User|Group)\b/);
    }
    expect(everything).toContain('System');
  });

  it("let a location registered at run time bring in only a project's Component", async () => {
    // Create project registers each project's catalog-info.yaml, which its researcher controls afterwards
    // (THREATS.md 42): no Location read with the portal's GitLab token, no other kind or component type.
    const config = await productionConfig();
    expect(
      config.getConfigArray('catalog.rules').map(rule => ({
        allow: rule.get('allow'),
        locations: rule.getOptional('locations'),
      })),
    ).toEqual([
      {
        allow: [{ kind: 'Component', 'spec.type': 'ml-project' }],
        locations: undefined,
      },
    ]);
  });

  it('offer the three Create project templates and Update project, from files the image holds, and a GitLab to create on', async () => {
    const config = await productionConfig();
    const files = productionCatalogFiles(config);
    const templates = files.filter(file =>
      parseAllDocuments(fs.readFileSync(path.join(root, file), 'utf8')).some(
        doc => doc.toJS()?.kind === 'Template',
      ),
    );
    expect(templates.sort()).toEqual([
      'templates/anomaly-detection.yaml',
      'templates/classification.yaml',
      'templates/forecasting.yaml',
      'templates/update-project.yaml',
    ]);
    // The runtime stage of the image copies every top-level file or folder the catalog reads (the
    // templates' skeleton sits in templates/).
    const runtime = raw('Dockerfile')
      .split(/^FROM /m)
      .pop()!;
    const copied = [...runtime.matchAll(/^COPY --chown=\S+ (\S+) /gm)].map(
      m => m[1],
    );
    for (const file of files) {
      expect(copied).toContain(file.split('/')[0]);
    }
    expect(
      config.getConfigArray('integrations.gitlab')[0].getString('host'),
    ).toBe('value-of-GITLAB_HOST');
    expect(raw('app-config.production.yaml')).toContain(
      'token: ${GITLAB_TOKEN}',
    );
  });

  it('load no example project: catalog-info/examples is for development only', async () => {
    const config = await productionConfig();
    const files = productionCatalogFiles(config);
    expect(files).toContain('catalog-info/all.yaml');
    expect(
      files.filter(file => file.startsWith('catalog-info/examples/')),
    ).toEqual([]);
  });

  it('contain none of the dangerous switches, and the backend no allow-all policy', () => {
    for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
      expect(raw(file)).not.toMatch(
        /dangerouslyAllowSignInWithoutUserInCatalog|dangerouslyDisableDefaultAuthPolicy|guest:/,
      );
    }
    expect(raw('packages/backend/src/index.ts')).not.toContain(
      'allow-all-policy',
    );
  });
});
