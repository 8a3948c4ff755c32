import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** Options for {@link startKeycloakStandin}. */
export interface KeycloakStandinOptions {
  /** Portal base URLs whose `/api/auth/oidc/handler/frame` the portal client may redirect to. */
  portalUrls?: string[];
  /** Port to listen on; a free one by default. */
  port?: number;
  /** A realm export other than deploy/keycloak/realm-mlops.json. */
  realmFile?: string;
  /**
   * The client secrets to start with (made up by default): a test that configures the portal before
   * Keycloak is up, or starts Keycloak again, gives the same ones.
   */
  clientSecrets?: { portal: string; catalog: string };
}

/** A running stand-in. */
export interface KeycloakStandin {
  /** The realm's issuer, e.g. `http://127.0.0.1:8180/realms/mlops`. */
  issuer: string;
  /** Keycloak's base URL, e.g. `http://127.0.0.1:8180`. */
  baseUrl: string;
  realm: string;
  /** The client secrets this stand-in was started with (made up at each start). */
  clientSecrets: { portal: string; catalog: string };
  /** What the stand-in printed. */
  lines: string[];
  /**
   * What happened at the realm, one entry per event, e.g.
   * `refresh-token-revoked client=backstage-portal user=ada` or `logged-out client=backstage-portal user=ada`.
   */
  events(): string[];
  /** Resolves once the stand-in reports `event`; fails after `timeoutMs` naming what it saw. */
  waitForEvent(event: string, timeoutMs?: number): Promise<void>;
  /** Disables (or enables again) a user, as an administrator would in Keycloak's console. */
  setUserEnabled(username: string, enabled: boolean): Promise<void>;
  /** Deletes a user, as an administrator would in Keycloak's console. */
  deleteUser(username: string): Promise<void>;
  stop(): Promise<void>;
}

async function control(baseUrl: string, username: string, init: RequestInit) {
  const res = await fetch(
    `${baseUrl}/test-controls/users/${encodeURIComponent(username)}`,
    init,
  );
  if (!res.ok) {
    throw new Error(
      `the Keycloak stand-in refused ${init.method} ${username}: ${
        res.status
      } ${await res.text()}`,
    );
  }
}

const randomSecret = () => crypto.randomBytes(24).toString('hex');

const script = resolvePackagePath(
  '@mlops-portal/keycloak-test-utils',
  'src/standin.mjs',
);

/**
 * Starts the stand-in as its own Node process (oidc-provider is ESM-only), with its test-only controls
 * (disable or delete a user), and waits until it listens.
 */
export function startKeycloakStandin(
  options: KeycloakStandinOptions = {},
): Promise<KeycloakStandin> {
  const args = [script, '--port', String(options.port ?? 0), '--test-controls'];
  for (const url of options.portalUrls ?? []) args.push('--portal-url', url);
  if (options.realmFile) args.push('--realm-file', options.realmFile);
  // The realm export reads its client secrets from the environment: made up here, for this run only.
  const clientSecrets = options.clientSecrets ?? {
    portal: randomSecret(),
    catalog: randomSecret(),
  };
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORTAL_KEYCLOAK_CLIENT_SECRET: clientSecrets.portal,
      PORTAL_KEYCLOAK_CATALOG_CLIENT_SECRET: clientSecrets.catalog,
      OAUTH2_PROXY_CLIENT_SECRET: randomSecret(),
    },
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const events = () =>
    lines
      .map(l => l.match(/^keycloak-standin event (.+)$/)?.[1])
      .filter((e): e is string => Boolean(e));
  const waitForEvent = (event: string, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const check = () => {
        if (!events().includes(event)) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(
            `the Keycloak stand-in did not report "${event}"; it reported:\n${events().join(
              '\n',
            )}`,
          ),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const exited = new Promise<void>(resolve =>
    child.on('exit', () => resolve()),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(`the Keycloak stand-in did not start:\n${lines.join('\n')}`),
      );
    }, 30_000);
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        for (const listener of [...listeners]) listener();
        const ready = line.match(/^keycloak-standin ready (\S+)$/);
        if (ready) {
          clearTimeout(timer);
          const issuer = ready[1];
          const url = new URL(issuer);
          const baseUrl = url.origin;
          resolve({
            issuer,
            baseUrl,
            realm: url.pathname.split('/').pop()!,
            clientSecrets,
            lines,
            events,
            waitForEvent,
            setUserEnabled: (username, enabled) =>
              control(baseUrl, username, {
                method: 'PUT',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ enabled }),
              }),
            deleteUser: username =>
              control(baseUrl, username, { method: 'DELETE' }),
            stop,
          });
        }
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', code => {
      clearTimeout(timer);
      reject(
        new Error(
          `the Keycloak stand-in exited with code ${code}:\n${lines.join(
            '\n',
          )}`,
        ),
      );
    });
  });
}

/**
 * Portal configuration for signing in through the stand-in and importing its users and groups: the
 * same keys as app-config.production.yaml, with the stand-in's client secrets and a session secret made
 * up for this portal.
 */
export function standinPortalConfig(
  standin: Pick<
    KeycloakStandin,
    'issuer' | 'baseUrl' | 'realm' | 'clientSecrets'
  >,
  authEnv: string = 'development',
) {
  return {
    auth: {
      session: { secret: randomSecret() },
      providers: {
        oidc: {
          [authEnv]: {
            metadataUrl: `${standin.issuer}/.well-known/openid-configuration`,
            clientId: 'backstage-portal',
            clientSecret: standin.clientSecrets.portal,
            prompt: 'login',
            signIn: {
              resolvers: [
                { resolver: 'preferredUsernameMatchingUserEntityName' },
              ],
            },
          },
        },
      },
    },
    catalog: {
      providers: {
        keycloakOrg: {
          default: {
            baseUrl: standin.baseUrl,
            realm: standin.realm,
            loginRealm: standin.realm,
            clientId: 'backstage-catalog',
            clientSecret: standin.clientSecrets.catalog,
            schedule: {
              frequency: { minutes: 30 },
              timeout: { minutes: 3 },
              initialDelay: { seconds: 1 },
            },
          },
        },
      },
    },
    portal: { signIn: { providers: ['keycloak'] } },
  };
}

/**
 * Where a browser asks Keycloak for a code without a login page (`prompt=none`) for the portal at
 * `portalUrl`, with PKCE: Keycloak sends it back to the portal with a code while its SSO session lives,
 * and with `error=login_required` once that session has ended.
 */
export function silentSignInUrl(
  standin: Pick<KeycloakStandin, 'issuer'>,
  portalUrl: string,
): URL {
  const authorize = new URL(`${standin.issuer}/protocol/openid-connect/auth`);
  authorize.search = new URLSearchParams({
    client_id: 'backstage-portal',
    redirect_uri: `${portalUrl}/api/auth/oidc/handler/frame`,
    response_type: 'code',
    scope: 'openid',
    prompt: 'none',
    state: 'silent',
    code_challenge_method: 'S256',
    code_challenge: crypto
      .createHash('sha256')
      .update(crypto.randomBytes(32).toString('base64url'))
      .digest('base64url'),
  }).toString();
  return authorize;
}
