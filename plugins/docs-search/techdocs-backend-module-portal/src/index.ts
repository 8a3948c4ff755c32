/**
 * TechDocs for the MLOps Portal: `dir:` docs sites are built from a copy, never in place.
 *
 * @packageDocumentation
 */

export { techdocsModulePortal as default } from './module';
export { CopyingDirectoryPreparer } from './CopyingDirectoryPreparer';
export { MkdocsConfigPolicy } from './MkdocsConfigPolicy';
export { PolicyCheckingGenerator } from './PolicyCheckingGenerator';
