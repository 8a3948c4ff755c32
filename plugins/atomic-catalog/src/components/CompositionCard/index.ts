export { CompositionCard } from './CompositionCard';
