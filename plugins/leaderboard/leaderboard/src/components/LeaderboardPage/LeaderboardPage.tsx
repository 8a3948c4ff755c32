import { useState } from 'react';
import { Content, Header, Link, Page } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  TASKS,
  TASK_TITLES,
  Task,
} from '@mlops-portal/plugin-atomic-catalog-common';
import {
  LeaderboardGroup,
  LeaderboardResponse,
} from '@mlops-portal/plugin-leaderboard-common';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReadState } from '@mlops-portal/portal-fetch';
import useAsync from 'react-use/esm/useAsync';
import { leaderboardApiRef } from '../../api';
import { formatDate, formatScore, freshnessText, ordinal } from '../format';

function groupTitle(group: LeaderboardGroup) {
  return `${group.metric} on ${group.dataset.label}`;
}

const GroupTable = ({ group }: { group: LeaderboardGroup }) => {
  const title = groupTitle(group);
  return (
    <Box component={Paper} mb={3} p={2}>
      <Typography variant="h6" component="h2">
        {title}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {group.higherIsBetter ? 'Higher is better' : 'Lower is better'} ·
        dataset version{' '}
        {group.dataset.webUrl ? (
          <Link to={group.dataset.webUrl}>{group.dataset.label}</Link>
        ) : (
          <code>{group.dataset.label}</code>
        )}{' '}
        · {group.runs.length} {group.runs.length === 1 ? 'project' : 'projects'}
      </Typography>
      <Table size="small" aria-label={title}>
        <TableHead>
          <TableRow>
            <TableCell>Rank</TableCell>
            <TableCell>Project</TableCell>
            <TableCell align="right">{group.metric}</TableCell>
            <TableCell>Winning components</TableCell>
            <TableCell>Completed</TableCell>
            <TableCell>Run</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {group.runs.map((run, index) => (
            <TableRow key={run.id}>
              <TableCell>{ordinal(index + 1)}</TableCell>
              <TableCell>
                <EntityRefLink
                  entityRef={run.project.entityRef}
                  title={run.project.title}
                />
              </TableCell>
              <TableCell align="right">{formatScore(run.score)}</TableCell>
              <TableCell>
                {run.components.length === 0
                  ? '—'
                  : run.components.map((c, i) => (
                      <span key={c.entityRef}>
                        {i > 0 && ', '}
                        <EntityRefLink entityRef={c.entityRef} title={c.name} />
                      </span>
                    ))}
              </TableCell>
              <TableCell>{formatDate(run.completed)}</TableCell>
              <TableCell>
                <Link
                  to={run.webUrl}
                  aria-label={`Open ${run.project.title}'s run in ClearML`}
                >
                  Open in ClearML
                </Link>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

const TaskBoard = ({ board }: { board: LeaderboardResponse }) => {
  if (board.groups.length === 0) {
    return (
      <Typography role="status">
        {board.projects.total === 0
          ? 'None of the projects you can see names a ClearML project yet.'
          : `No completed ${TASK_TITLES[board.task].toLowerCase()} run in the ${
              board.projects.total
            } ${
              board.projects.total === 1 ? 'project' : 'projects'
            } you can see has logged its metric and held-out score yet.`}
      </Typography>
    );
  }
  return (
    <>
      {board.groups.map(group => (
        <GroupTable
          key={`${group.metric}|${group.dataset.version}`}
          group={group}
        />
      ))}
    </>
  );
};

/** Each task's best runs across the projects the user can see, grouped where they are comparable. */
export const LeaderboardPage = () => {
  const api = useApi(leaderboardApiRef);
  const [task, setTask] = useState<Task>('forecasting');
  const board = useAsync(() => api.getLeaderboard(task), [api, task]);

  return (
    <Page themeId="tool">
      <Header
        title="Leaderboard"
        subtitle="The best results across projects, per task, from their ClearML experiments"
      />
      <Content>
        <Tabs
          value={task}
          onChange={(_, value: Task) => setTask(value)}
          aria-label="Task"
          indicatorColor="primary"
        >
          {TASKS.map(t => (
            <Tab key={t} value={t} label={TASK_TITLES[t]} />
          ))}
        </Tabs>
        <Box my={2}>
          <Typography variant="body2" role="note">
            Runs are comparable only where the metric and the dataset version
            agree: each table below is one such group, ranking each project's
            best run. Scores in different tables are not comparable.
          </Typography>
        </Box>
        <ReadState state={board} failure="Could not load the leaderboard" />
        {board.value && !board.loading && (
          <>
            <TaskBoard board={board.value} />
            <Typography variant="caption" color="textSecondary">
              {freshnessText(board.value)} Only projects you can see in the
              catalog are included.
            </Typography>
          </>
        )}
      </Content>
    </Page>
  );
};
