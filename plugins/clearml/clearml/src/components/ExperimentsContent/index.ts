export { ExperimentsContent } from './ExperimentsContent';
