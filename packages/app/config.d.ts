export interface Config {
  portal?: {
    signIn?: {
      /**
       * The sign-in methods the sign-in page offers: `guest` is the development sign-in and must only be
       * listed in the development configuration.
       * @visibility frontend
       */
      providers?: Array<'guest'>;
    };
  };
}
