import { Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  OAuthAuthenticator,
  createOAuthAuthenticator,
} from '@backstage/plugin-auth-node';
import {
  OidcAuthResult,
  oidcAuthenticator,
} from '@backstage/plugin-auth-backend-module-oidc-provider';

/** Backstage's OIDC context, plus where Keycloak sends the browser after sign-out. */
type KeycloakContext = ReturnType<typeof oidcAuthenticator.initialize> & {
  afterLogout: string;
  /** The realm's discovery document, asked before each sign-in to see that Keycloak answers. */
  metadataUrl: string;
  callbackUrl: string;
};

/** What the sign-in page shows when Keycloak does not answer. */
export const KEYCLOAK_DOWN =
  'Keycloak, where you sign in, is not answering right now, so nobody can sign in until it is back; try again in a few minutes. If you are already signed in, you can keep working.';

/** How long the portal waits for Keycloak's answer before it tells the user Keycloak is down. */
const PROBE_TIMEOUT_MS = 5_000;

/** Whether Keycloak answers its discovery document (a refused connection, a timeout or a 5xx: no). */
async function keycloakAnswers(metadataUrl: string): Promise<boolean> {
  try {
    const res = await fetch(metadataUrl, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.status < 500;
  } catch {
    return false;
  }
}

/**
 * Backstage's OIDC context discovers the realm once, at start, and keeps a failure forever: a portal
 * started while Keycloak was down could never sign anyone in. This one discovers again, at the next
 * sign-in, after a failure.
 */
function rediscoveringContext(
  initialize: () => ReturnType<typeof oidcAuthenticator.initialize>,
) {
  let current = initialize();
  let failed = false;
  const watch = () => current.promise.catch(() => (failed = true));
  watch();
  return {
    ...current,
    get promise() {
      if (failed) {
        failed = false;
        current = initialize();
        watch();
      }
      return current.promise;
    },
  };
}

/**
 * Where Keycloak sends the browser after it ended its session: the provider's
 * `postLogoutRedirectUri` when set, else the portal's address. Behind the Compose stack's edge it is
 * oauth2-proxy's sign-out (`<portal>/oauth2/sign_out?rd=%2F`), so that the login in front of ClearML and
 * Rath ends too before the browser lands on the portal's sign-in page.
 */
export function postLogoutRedirectUri(config: Config, appUrl: string) {
  const configured = config.getOptionalString('postLogoutRedirectUri');
  if (configured === undefined) {
    return appUrl;
  }
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new Error(
      `postLogoutRedirectUri "${configured}" is not an absolute URL: write it as ${appUrl}/oauth2/sign_out?rd=%2F or leave it out`,
    );
  }
  if (url.origin !== new URL(appUrl).origin) {
    throw new Error(
      `postLogoutRedirectUri "${configured}" must be on the portal's own origin (${
        new URL(appUrl).origin
      }): Keycloak would send signed-out users elsewhere`,
    );
  }
  return configured;
}

/**
 * Backstage's OpenID Connect authenticator, whose sign-out also ends the Keycloak session.
 *
 * Backstage's own `logout` revokes the refresh token at the realm's revocation endpoint. This adds
 * RP-initiated logout: the answer to the portal's sign-out names the realm's `end_session_endpoint`
 * with `client_id` and `post_logout_redirect_uri` (see `postLogoutRedirectUri`, registered on the
 * client), and the Backstage frontend sends the browser there, so Keycloak ends its SSO session and
 * sends the browser back. Backstage keeps no ID token on the server, so there is no
 * `id_token_hint`: Keycloak then asks "Do you want to log out?" once.
 *
 * @param appUrl - The portal's address (`app.baseUrl`).
 */
export function keycloakAuthenticator(
  appUrl: string,
): OAuthAuthenticator<KeycloakContext, OidcAuthResult> {
  return createOAuthAuthenticator<KeycloakContext, OidcAuthResult>({
    ...oidcAuthenticator,
    initialize(options) {
      const context = rediscoveringContext(() =>
        oidcAuthenticator.initialize(options),
      );
      return Object.assign(context, {
        afterLogout: postLogoutRedirectUri(options.config, appUrl),
        metadataUrl: options.config.getString('metadataUrl'),
        callbackUrl:
          options.config.getOptionalString('callbackUrl') ??
          options.callbackUrl,
      });
    },
    /**
     * When Keycloak does not answer, the browser is not sent to it (it would show a browser error page
     * in the sign-in pop-up, or nothing): it comes straight back to the portal's own callback with
     * OAuth's `temporarily_unavailable` error, and the sign-in page shows {@link KEYCLOAK_DOWN}.
     */
    async start(input, ctx) {
      if (!(await keycloakAnswers(ctx.metadataUrl))) {
        const back = new URL(ctx.callbackUrl);
        back.search = new URLSearchParams({
          error: 'temporarily_unavailable',
          state: input.state,
        }).toString();
        return { url: back.toString() };
      }
      return oidcAuthenticator.start(input, ctx);
    },
    async authenticate(input, ctx) {
      if (input.req.query.error === 'temporarily_unavailable') {
        throw new ServiceUnavailableError(KEYCLOAK_DOWN);
      }
      return oidcAuthenticator.authenticate(input, ctx);
    },
    async logout(input, ctx) {
      await oidcAuthenticator.logout?.(input, ctx);
      const { client } = await ctx.promise;
      if (!client.issuer.metadata.end_session_endpoint) {
        return undefined;
      }
      return {
        logoutUrl: client.endSessionUrl({
          post_logout_redirect_uri: ctx.afterLogout,
        }),
      };
    },
  });
}
