import { spawn } from 'node:child_process';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** Options for {@link startKeycloakStandin}. */
export interface KeycloakStandinOptions {
  /** Portal base URLs whose `/api/auth/oidc/handler/frame` the portal client may redirect to. */
  portalUrls?: string[];
  /** Port to listen on; a free one by default. */
  port?: number;
  /** A realm export other than deploy/keycloak/realm-mlops.json. */
  realmFile?: string;
}

/** A running stand-in. */
export interface KeycloakStandin {
  /** The realm's issuer, e.g. `http://127.0.0.1:8180/realms/mlops`. */
  issuer: string;
  /** Keycloak's base URL, e.g. `http://127.0.0.1:8180`. */
  baseUrl: string;
  realm: string;
  /** What the stand-in printed. */
  lines: string[];
  stop(): Promise<void>;
}

const script = resolvePackagePath(
  '@mlops-portal/keycloak-standin',
  'src/standin.mjs',
);

/** Starts the stand-in as its own Node process (oidc-provider is ESM-only) and waits until it listens. */
export function startKeycloakStandin(
  options: KeycloakStandinOptions = {},
): Promise<KeycloakStandin> {
  const args = [script, '--port', String(options.port ?? 0)];
  for (const url of options.portalUrls ?? []) args.push('--portal-url', url);
  if (options.realmFile) args.push('--realm-file', options.realmFile);
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
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
        const ready = line.match(/^keycloak-standin ready (\S+)$/);
        if (ready) {
          clearTimeout(timer);
          const issuer = ready[1];
          const url = new URL(issuer);
          resolve({
            issuer,
            baseUrl: url.origin,
            realm: url.pathname.split('/').pop()!,
            lines,
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
 * same keys as app-config.production.yaml, with the realm export's development-only secrets.
 */
export function standinPortalConfig(
  standin: Pick<KeycloakStandin, 'issuer' | 'baseUrl' | 'realm'>,
  authEnv: string = 'development',
) {
  return {
    auth: {
      session: { secret: 'dev-only-keycloak-standin-session-secret' },
      providers: {
        oidc: {
          [authEnv]: {
            metadataUrl: `${standin.issuer}/.well-known/openid-configuration`,
            clientId: 'backstage-portal',
            clientSecret: 'dev-only-portal-client-secret',
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
            clientSecret: 'dev-only-catalog-client-secret',
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
