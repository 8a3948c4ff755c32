export { BestResultCard } from './BestResultCard';
