export {
  DatasetProjectMissingError,
  DatasetVersionStoppedError,
  createDatasetVersion,
} from './DatasetVersion';
export type {
  DatasetFile,
  DatasetVersion,
  DatasetVersionProgress,
  DatasetVersionRequest,
} from './DatasetVersion';
