export { catalogImportPlugin } from './catalogImportPlugin';
