import { RootConfigService } from '@backstage/backend-plugin-api';

/** The config key: the groups whose members may read ClearML data through the portal. */
export const CLEARML_GROUPS_KEY = 'permission.portalPolicy.clearmlGroups';

/**
 * The edge lets these Keycloak groups through to ClearML (OAUTH2_PROXY_ALLOWED_GROUPS in
 * deploy/.env.example); the portal shows ClearML data to the same people only.
 */
export const DEFAULT_CLEARML_GROUPS = ['researchers', 'administrators'];

const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The catalog refs of the groups in `permission.portalPolicy.clearmlGroups`: Keycloak group names,
 * comma-separated as oauth2-proxy's OAUTH2_PROXY_ALLOWED_GROUPS spells them (the Keycloak org module
 * imports each as `group:default/<name>`). Fails at start with a sentence naming the key.
 */
export function readClearmlGroups(config: RootConfigService): string[] {
  const value = config.getOptionalString(CLEARML_GROUPS_KEY);
  if (value === undefined) {
    return DEFAULT_CLEARML_GROUPS.map(name => `group:default/${name}`);
  }
  const names = value
    .split(',')
    .map(name => name.trim())
    .filter(Boolean);
  const bad = names.filter(name => !GROUP_NAME.test(name));
  if (names.length === 0 || bad.length > 0) {
    throw new Error(
      `${CLEARML_GROUPS_KEY} must be Keycloak group names separated by commas, as OAUTH2_PROXY_ALLOWED_GROUPS (e.g. "researchers,administrators")${
        bad.length
          ? `; not a group name: ${bad.map(b => `"${b}"`).join(', ')}`
          : ', not an empty list'
      }`,
    );
  }
  return names.map(name => `group:default/${name.toLowerCase()}`);
}
