export { ComponentsPage } from './ComponentsPage';
