export { ProjectStatusCard } from './ProjectStatusCard';
