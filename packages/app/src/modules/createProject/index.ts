export { createProjectModule } from './createProjectModule';
