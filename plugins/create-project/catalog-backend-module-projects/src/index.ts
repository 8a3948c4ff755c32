/**
 * The catalog's side of Create project: the catalog-info.yaml of a project registered at run time may
 * describe only the project itself.
 *
 * @packageDocumentation
 */

export { catalogModuleProjects as default } from './module';
export { ProjectFileProcessor } from './processor/ProjectFileProcessor';
export {
  PROJECT_FILE_RULE,
  PROJECT_LEVEL,
  PROJECT_TYPE,
  projectFileProblems,
} from './processor/projectFile';
export type { RegisteredProjects } from './processor/RegisteredProjects';
