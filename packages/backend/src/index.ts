import { createBackend } from '@backstage/backend-defaults';
import { preflight } from './preflight';
import { catalogModuleEmbeddedDatabase } from './embeddedDatabase';
import { rootHealthServiceFactory } from './health';

// Checks that fail fast with a sentence an operator can act on (database unreachable, dev settings in
// production) before any plugin starts and buries the cause under stack traces.
preflight().then(() => {
  const backend = createBackend();
  // Readiness also says when PostgreSQL is unreachable, so a load balancer stops sending to this replica
  backend.add(rootHealthServiceFactory);

  backend.add(import('@backstage/plugin-app-backend'));
  backend.add(import('@backstage/plugin-proxy-backend'));

  // Auth: the development sign-in (guest) only works outside production; Keycloak sign-in (provider
  // `oidc`) wherever auth.providers.oidc is configured.
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(
    import('@mlops-portal/plugin-auth-backend-module-keycloak-provider'),
  );

  // Catalog
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  );
  backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
  // The embedded defaults' SQLite file commits without waiting for the disk (no-op on PostgreSQL)
  backend.add(catalogModuleEmbeddedDatabase);
  // The atomic catalog's composition rules, checked on every entity with a level
  backend.add(
    import('@mlops-portal/plugin-catalog-backend-module-atomic-components'),
  );
  // A project's dependsOn from its own files (pipeline.json, requirements-components.txt) on every refresh
  backend.add(import('@mlops-portal/plugin-catalog-backend-module-reuse'));
  // A registered project's catalog-info.yaml describes only the project itself (see catalog.rules)
  backend.add(import('@mlops-portal/plugin-catalog-backend-module-projects'));
  // Users and groups from Keycloak, when catalog.providers.keycloakOrg is configured (production).
  backend.add(
    import('@backstage-community/plugin-catalog-backend-module-keycloak'),
  );

  // Create project (Scaffolder)
  backend.add(import('@backstage/plugin-scaffolder-backend'));
  backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
  backend.add(import('@mlops-portal/plugin-scaffolder-backend-module-mlops'));
  // Template upgrades: a project's recorded answers, and "Update project" as a merge request
  backend.add(
    import('@mlops-portal/plugin-scaffolder-backend-module-template-upgrades'),
  );

  // Docs
  backend.add(import('@backstage/plugin-techdocs-backend'));
  // dir: docs sites are built from a copy, so the portal never rewrites the repository's mkdocs.yml
  backend.add(import('@mlops-portal/plugin-techdocs-backend-module-portal'));

  // Permissions: signed-in users read and run templates; administrators register and delete.
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@mlops-portal/plugin-permission-backend-module-portal-policy'),
  );

  // Search: the in-process engine by default, PostgreSQL's when the database is PostgreSQL
  backend.add(import('@backstage/plugin-search-backend'));
  backend.add(import('@backstage/plugin-search-backend-module-pg'));
  backend.add(import('@backstage/plugin-search-backend-module-catalog'));
  backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
  // Catalog results carry a component's level and tasks; docs sites are built before they are indexed
  backend.add(import('@mlops-portal/plugin-search-backend-module-portal'));

  backend.add(import('@backstage/plugin-user-settings-backend'));
  backend.add(import('@backstage/plugin-signals-backend'));

  // ClearML: a project's experiments, metrics, models and dataset versions (read-only)
  backend.add(import('@mlops-portal/plugin-clearml-backend'));

  // The reuse map: which projects use which components, with the user's catalog permissions
  backend.add(import('@mlops-portal/plugin-reuse-backend'));
  // The cross-project leaderboard: each task's best runs in ClearML, for the projects the user can see
  backend.add(import('@mlops-portal/plugin-leaderboard-backend'));
  // Template upgrades: the projects behind their template, with the user's catalog permissions
  backend.add(import('@mlops-portal/plugin-template-upgrades-backend'));

  // A project's latest pipeline and first baseline (read-only, from GitLab)
  backend.add(import('@mlops-portal/plugin-project-status-backend'));
  backend.start();
});
