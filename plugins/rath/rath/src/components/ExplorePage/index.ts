export { ExplorePage, RATH_PATH } from './ExplorePage';
