export interface Config {
  permission?: {
    portalPolicy?: {
      /**
       * The Keycloak groups whose members may read ClearML data (experiments, models, dataset
       * previews) through the portal: comma-separated group names, the same list as the edge's
       * OAUTH2_PROXY_ALLOWED_GROUPS, so that the portal shows ClearML data to exactly the people the
       * edge lets into ClearML. Default: `researchers,administrators`.
       */
      clearmlGroups?: string;
    };
  };
}
