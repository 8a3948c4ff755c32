/**
 * The catalog module of the reuse map: a project's dependsOn from its own files, on every refresh.
 *
 * @packageDocumentation
 */

export { catalogModuleReuse as default } from './module';
export {
  ProjectFilesProcessor,
  DefaultSiblingFileReader,
  type SiblingFileReader,
} from './processor/ProjectFilesProcessor';
