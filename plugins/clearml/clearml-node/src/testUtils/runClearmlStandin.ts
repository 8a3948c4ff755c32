/*
 * Runs the ClearML API stand-in alone, with the sample experiments of the project `sales-forecast`:
 *   yarn workspace @mlops-portal/plugin-clearml-node standin [port [filesPort]]   (default 8008 8081)
 * which runs this file through Backstage's node transform.
 */
import { createClearmlStandin } from './clearmlStandin';

const port = Number(
  process.argv[2] ?? process.env.CLEARML_STANDIN_PORT ?? 8008,
);
const filesPort = Number(
  process.argv[3] ?? process.env.CLEARML_STANDIN_FILES_PORT ?? 8081,
);
const standin = createClearmlStandin();
standin.start(port, filesPort).then(url => {
  process.stdout.write(
    `ClearML API stand-in at ${url} (project "sales-forecast"), its file server at ${standin.filesUrl}\n`,
  );
});
const stop = () => standin.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
