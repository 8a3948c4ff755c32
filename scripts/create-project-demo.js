#!/usr/bin/env node
/*
 * "Create project" on one machine: starts the GitLab and ClearML stand-ins and the portal pointed at
 * them, then waits. Open the printed address, sign in (Enter), choose Create, pick a template and use
 * the printed GitLab host and group. Ctrl+C stops everything.
 *
 *   scripts/create-project-demo.sh            (sets up Node and the packages first, like start.sh)
 *   PORT=7008 node scripts/create-project-demo.js
 */
// @mlops-portal/portal-test-utils is TypeScript: loaded through Backstage's own transform.
require('@backstage/cli-node/config/nodeTransform.cjs');
const {
  startCreateProjectStandins,
  startPortal,
} = require('@mlops-portal/portal-test-utils');

async function main() {
  const standins = await startCreateProjectStandins();
  const portal = await startPortal({
    port: Number(process.env.PORT ?? 7007),
    config: standins.config,
  });
  const { gitlab } = standins;
  console.log(`
The portal is ready at ${portal.url}/create (sign in with Enter).

  GitLab stand-in   ${gitlab.url}   host ${gitlab.host}, group "${standins.group}"
  ClearML stand-in  ${standins.clearml.url}

In a template's last page the GitLab host is ${gitlab.host} (the only one offered); enter the group
"${standins.group}" and a new repository name.
The first pipeline runs the project's own .gitlab-ci.yml with gitlab-ci-local (in this machine's shell);
its status and baseline show on the project's page.
Clone what it pushed:  git clone http://oauth2:${standins.token}@${gitlab.host}/${standins.group}/<name>.git
Ctrl+C stops the portal and the stand-ins.`);
  const stop = async () => {
    await portal.stop();
    await standins.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await portal.exited;
  console.error(
    `the portal stopped (exit code ${code}):\n${portal.errors().join('\n')}`,
  );
  await standins.close();
  process.exit(1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
