export interface Config {
  auth?: {
    providers?: {
      /** Keycloak sign-in (OpenID Connect), per auth environment (`development`, `production`). */
      oidc?: {
        [authEnv: string]: {
          /** The realm's discovery document: `<keycloak>/realms/<realm>/.well-known/openid-configuration`. */
          metadataUrl: string;
          /** The portal's confidential client in the realm. */
          clientId: string;
          /**
           * That client's secret.
           * @visibility secret
           */
          clientSecret: string;
          /** `login` makes Keycloak show its login page on every sign-in. */
          prompt?: string;
          /**
           * Where Keycloak sends the browser after sign-out (registered on the client as a post-logout
           * redirect URI); the portal's address by default. Behind the Compose stack's edge:
           * `<portal>/oauth2/sign_out?rd=%2F`, which ends the ClearML and Rath login too.
           */
          postLogoutRedirectUri?: string;
          /** Overrides `<backend.baseUrl>/api/auth/oidc/handler/frame` as the redirect URI. */
          callbackUrl?: string;
          additionalScopes?: string | string[];
          /** How long to wait for Keycloak, e.g. `{ seconds: 10 }`. */
          timeout?: { [unit: string]: number };
          signIn?: {
            /** Only `preferredUsernameMatchingUserEntityName` is accepted. */
            resolvers: Array<{
              resolver: 'preferredUsernameMatchingUserEntityName';
            }>;
          };
        };
      };
    };
  };
}
