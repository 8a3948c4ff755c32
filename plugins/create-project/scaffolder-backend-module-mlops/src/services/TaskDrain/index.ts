export { DefaultTaskDrain } from './TaskDrain';
export type { TaskDrain } from './TaskDrain';
