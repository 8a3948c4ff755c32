import { useState } from 'react';
import {
  Content,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import {
  UPDATE_TEMPLATE_NAME,
  UpgradeCandidate,
} from '@mlops-portal/plugin-template-upgrades-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { templateUpgradesApiRef } from '../../api';

type Started =
  | { state: 'starting' }
  | { state: 'started'; taskId: string }
  | { state: 'failed'; message: string };

/** "Update project": runs the update-project template, which opens a merge request. */
function UpdateButton(props: { project: UpgradeCandidate }) {
  const scaffolderApi = useApi(scaffolderApiRef);
  const [started, setStarted] = useState<Started>();
  const { project } = props;
  if (started?.state === 'started') {
    return (
      <Link to={`/create/tasks/${started.taskId}`}>
        Update started: see its merge request
      </Link>
    );
  }
  return (
    <>
      <Button
        variant="contained"
        color="primary"
        size="small"
        disabled={started?.state === 'starting'}
        aria-label={`Update project ${project.title}`}
        onClick={async () => {
          setStarted({ state: 'starting' });
          try {
            const { taskId } = await scaffolderApi.scaffold({
              templateRef: `template:default/${UPDATE_TEMPLATE_NAME}`,
              values: { project: project.entityRef },
            });
            setStarted({ state: 'started', taskId });
          } catch (error) {
            setStarted({
              state: 'failed',
              message: `The update could not start: ${
                (error as Error).message
              }`,
            });
          }
        }}
      >
        {started?.state === 'starting' ? 'Starting…' : 'Update project'}
      </Button>
      {started?.state === 'failed' && (
        <Typography color="error" variant="body2" role="alert">
          {started.message}
        </Typography>
      )}
    </>
  );
}

function Changes(props: { project: UpgradeCandidate }) {
  const { changes, files } = props.project;
  if (!changes.length) {
    return (
      <Typography variant="body2">
        The template does not say what changed.
      </Typography>
    );
  }
  return (
    <>
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {changes.flatMap(entry =>
          entry.changes.map(change => (
            <li key={`${entry.version}-${change}`}>
              <Typography variant="body2">
                <strong>{entry.version}</strong>: {change}
              </Typography>
            </li>
          )),
        )}
      </ul>
      {files.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Files that change: {files.join(', ')}
        </Typography>
      )}
    </>
  );
}

/** The projects behind their template, each with what changed and an Update project button. */
export const TemplateUpgradesPage = () => {
  const api = useApi(templateUpgradesApiRef);
  const list = useAsync(() => api.listUpgrades(), [api]);
  return (
    <Page themeId="tool">
      <Header
        title="Template upgrades"
        subtitle="Projects created from an older version of their template, what changed since, and how to catch up"
      />
      <Content>
        {list.loading && <Progress />}
        {list.error && <ResponseErrorPanel error={list.error} />}
        {list.value && (
          <>
            <Typography paragraph>
              {list.value.behind.length === 0
                ? `Every project you can see is on its template's current version (${list.value.upToDate} up to date).`
                : `${list.value.behind.length} ${
                    list.value.behind.length === 1
                      ? 'project is'
                      : 'projects are'
                  } behind their template; ${
                    list.value.upToDate
                  } up to date. "Update project" opens a GitLab merge request; nothing changes on the default branch until someone merges it, and files you changed are never overwritten.`}
            </Typography>
            {list.value.behind.length > 0 && (
              <Paper>
                <Table aria-label="Projects behind their template">
                  <TableHead>
                    <TableRow>
                      <TableCell>Project</TableCell>
                      <TableCell>Template</TableCell>
                      <TableCell>Version</TableCell>
                      <TableCell>What changed</TableCell>
                      <TableCell />
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {list.value.behind.map(project => (
                      <TableRow
                        key={project.entityRef}
                        aria-label={project.title}
                      >
                        <TableCell>
                          <EntityRefLink
                            entityRef={project.entityRef}
                            title={project.title}
                          />
                          {project.owner && (
                            <Typography variant="body2" color="textSecondary">
                              {project.owner}
                            </Typography>
                          )}
                        </TableCell>
                        <TableCell>
                          <EntityRefLink
                            entityRef={project.templateRef}
                            title={project.templateTitle}
                          />
                        </TableCell>
                        <TableCell>
                          {project.projectVersion} → {project.currentVersion}
                        </TableCell>
                        <TableCell>
                          <Changes project={project} />
                        </TableCell>
                        <TableCell>
                          <UpdateButton project={project} />
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Paper>
            )}
            {list.value.unknownTemplate.length > 0 && (
              <Box mt={2}>
                <Typography variant="body2" color="textSecondary">
                  Made from a template the catalog no longer holds:{' '}
                  {list.value.unknownTemplate.map(p => p.entityRef).join(', ')}
                </Typography>
              </Box>
            )}
          </>
        )}
      </Content>
    </Page>
  );
};
