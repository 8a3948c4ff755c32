export { ClearmlPage, CLEARML_WEB_APP_KEY } from './ClearmlPage';
