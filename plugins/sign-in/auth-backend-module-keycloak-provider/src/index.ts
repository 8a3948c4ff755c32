/**
 * Keycloak sign-in for the MLOps Portal: Backstage's OpenID Connect provider with a sign-in
 * resolver keyed on the Keycloak username.
 *
 * @packageDocumentation
 */

export { authModuleKeycloakProvider as default } from './module';
export {
  keycloakSignInResolvers,
  signInByPreferredUsername,
  userEntityName,
  KEYCLOAK_ID_ANNOTATION,
} from './resolvers';
