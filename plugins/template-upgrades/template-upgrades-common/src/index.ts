/**
 * Template upgrades: what the Template entities and the projects carry, shared by the backend, the
 * scaffolder actions, the page and templates/generate.js.
 *
 * @packageDocumentation
 */

export * from './model';
export * from './changelog';
