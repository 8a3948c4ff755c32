export { catalogPageModule } from './catalogPageModule';
