/**
 * A project's status in the portal: the latest pipeline of its default branch and its first baseline.
 *
 * @packageDocumentation
 */

export { projectStatusPlugin as default } from './plugin';
