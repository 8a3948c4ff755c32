export { RuleViolationsCard } from './RuleViolationsCard';
