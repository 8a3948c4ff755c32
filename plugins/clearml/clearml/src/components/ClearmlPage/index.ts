export { ClearmlPage, CLEARML_UI_PATH } from './ClearmlPage';
