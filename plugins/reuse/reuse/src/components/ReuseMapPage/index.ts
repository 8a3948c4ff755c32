export { ReuseMapPage } from './ReuseMapPage';
