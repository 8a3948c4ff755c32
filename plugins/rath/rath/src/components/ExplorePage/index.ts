export { ExplorePage, RATH_WEB_APP_KEY } from './ExplorePage';
