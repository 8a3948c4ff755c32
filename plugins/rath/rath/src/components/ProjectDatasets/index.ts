export { ProjectDatasets } from './ProjectDatasets';
