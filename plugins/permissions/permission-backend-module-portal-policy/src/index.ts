/***/
/**
 * The portal-policy module for @backstage/plugin-permission-backend
 *
 * @packageDocumentation
 */

export { permissionModulePortalPolicy as default } from './module';
