export interface Config {
  portal?: {
    signIn?: {
      /**
       * The sign-in methods the sign-in page offers: `keycloak` (the backend's `oidc` provider) and
       * `guest`, the development sign-in, which must only be listed in the development configuration.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'keycloak'>;
    };
  };
}
