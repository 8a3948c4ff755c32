export interface Config {
  techdocs?: {
    /** The portal's TechDocs module (`@mlops-portal/plugin-techdocs-backend-module-portal`). */
    portal?: {
      /**
       * How long one mkdocs build may run before it is stopped and fails with a message, e.g. `5m` or
       * `{ minutes: 5 }`; between 1 second and 1 hour. Default 5 minutes.
       */
      buildTimeout?: string | { [unit: string]: number };
    };
  };
}
