export { UseItCard } from './UseItCard';
