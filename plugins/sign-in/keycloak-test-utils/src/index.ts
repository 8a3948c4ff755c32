/**
 * A local stand-in for the portal's Keycloak realm (an OpenID Connect provider at Keycloak's paths,
 * loaded from deploy/keycloak/realm-mlops.json), and how to point the portal at it.
 *
 * @packageDocumentation
 */

export {
  silentSignInUrl,
  startKeycloakStandin,
  standinPortalConfig,
} from './standin';
export type { KeycloakStandin, KeycloakStandinOptions } from './standin';
