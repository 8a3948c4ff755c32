export { DatasetExplorer } from './DatasetExplorer';
