export { ClearmlTable } from './ClearmlTable';
