import { useState } from 'react';
import {
  Content,
  Header,
  Page,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  LEVEL_TITLES,
  TASKS,
  TASK_TITLES,
  isTask,
} from '@mlops-portal/plugin-atomic-catalog-common';
import {
  REUSE_VIEWS,
  ReuseMap,
  ReuseView,
} from '@mlops-portal/plugin-reuse-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Select from '@material-ui/core/Select';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { reuseApiRef } from '../../api';

const PAGE_SIZE = 50;
/** How many users a row shows before "and N more". */
const USERS_SHOWN = 5;

const VIEW_TITLES: Record<ReuseView, string> = {
  all: 'All components',
  used: 'Used',
  unused: 'Never used',
  deprecated: 'Deprecated',
};

const taskTitle = (task: string) => (isTask(task) ? TASK_TITLES[task] : task);

function Filter<T extends string>(props: {
  label: string;
  value: T;
  /** The choices, each shown by its `title` (itself when there is none). */
  values: readonly T[];
  title?: (value: T) => string;
  /** The title of a first choice, `''`, that filters nothing. */
  all?: string;
  onChange: (value: T) => void;
}) {
  const id = `reuse-filter-${props.label.toLowerCase()}`;
  const title = props.title ?? ((value: T) => value);
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 200 }}>
      <InputLabel id={id} shrink>
        {props.label}
      </InputLabel>
      <Select
        labelId={id}
        displayEmpty
        label={props.label}
        value={props.value}
        onChange={e => props.onChange(String(e.target.value) as T)}
      >
        {props.all !== undefined && <MenuItem value="">{props.all}</MenuItem>}
        {props.values.map(value => (
          <MenuItem key={value} value={value}>
            {title(value)}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

function Summary({ map }: { map: ReuseMap }) {
  const { totals } = map;
  return (
    <Box component="section" aria-label="Summary" mb={3}>
      <Typography variant="h6" component="h2">
        {totals.components} components, {totals.usedComponents} used by{' '}
        {totals.projects} projects, {totals.unusedComponents} never used
      </Typography>
      <Table size="small" aria-label="Usage per level">
        <TableHead>
          <TableRow>
            <TableCell>Level</TableCell>
            <TableCell align="right">Components</TableCell>
            <TableCell align="right">Used</TableCell>
            <TableCell align="right">Never used</TableCell>
            <TableCell align="right">Uses by projects</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {map.levels.map(l => (
            <TableRow key={l.level}>
              <TableCell component="th" scope="row">
                {LEVEL_TITLES[l.level]}
              </TableCell>
              <TableCell align="right">{l.components}</TableCell>
              <TableCell align="right">{l.used}</TableCell>
              <TableCell align="right">{l.components - l.used}</TableCell>
              <TableCell align="right">{l.usages}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function DeprecatedUsages({ map }: { map: ReuseMap }) {
  return (
    <Box
      component="section"
      aria-label="Projects on deprecated components"
      mb={3}
    >
      <Typography variant="h6" component="h2">
        Projects on deprecated components
      </Typography>
      {map.deprecatedUsages.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No project uses a component marked deprecated (spec.lifecycle:
          deprecated).
        </Typography>
      ) : (
        <ul>
          {map.deprecatedUsages.map(u => (
            <li key={u.project.ref}>
              <EntityRefLink
                entityRef={u.project.ref}
                title={u.project.title}
              />{' '}
              uses{' '}
              {u.components.map((c, i) => (
                <span key={c.ref}>
                  {i > 0 && ', '}
                  <EntityRefLink entityRef={c.ref} title={c.title} />
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

function Rows(props: {
  map: ReuseMap;
  view: ReuseView;
  onPage: (offset: number) => void;
}) {
  const { rows } = props.map;
  return (
    <Paper component="section" aria-label="Components and their projects">
      <Table size="small" aria-label={VIEW_TITLES[props.view]}>
        <TableHead>
          <TableRow>
            <TableCell>Component</TableCell>
            <TableCell>Level</TableCell>
            <TableCell>Tasks</TableCell>
            <TableCell>Owner</TableCell>
            <TableCell align="right">Projects</TableCell>
            <TableCell>Used by</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.items.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>
                <Typography variant="body2" color="textSecondary">
                  No component matches these filters.
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {rows.items.map(row => (
            <TableRow key={row.ref} aria-label={row.title}>
              <TableCell component="th" scope="row">
                <EntityRefLink entityRef={row.ref} title={row.title} />
                {row.deprecated && (
                  <Chip
                    size="small"
                    color="secondary"
                    label="deprecated"
                    style={{ marginLeft: 8 }}
                  />
                )}
              </TableCell>
              <TableCell>{row.level}</TableCell>
              <TableCell>{row.tasks.map(taskTitle).join(', ')}</TableCell>
              <TableCell>
                {row.owner ? <EntityRefLink entityRef={row.owner} /> : '—'}
              </TableCell>
              <TableCell align="right">{row.usage}</TableCell>
              <TableCell>
                {row.projects.slice(0, USERS_SHOWN).map((p, i) => (
                  <span key={p.ref}>
                    {i > 0 && ', '}
                    <EntityRefLink entityRef={p.ref} title={p.title} />
                  </span>
                ))}
                {row.projects.length > USERS_SHOWN &&
                  ` and ${row.projects.length - USERS_SHOWN} more`}
                {row.projects.length === 0 && (
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    component="span"
                  >
                    never used
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={rows.total}
        page={Math.floor(rows.offset / PAGE_SIZE)}
        rowsPerPage={PAGE_SIZE}
        rowsPerPageOptions={[PAGE_SIZE]}
        onPageChange={(_, page) => props.onPage(page * PAGE_SIZE)}
      />
    </Paper>
  );
}

/** The Reuse map: which projects use which components, across the organisation. */
export const ReuseMapPage = () => {
  const reuseApi = useApi(reuseApiRef);
  const [task, setTask] = useState('');
  const [owner, setOwner] = useState('');
  const [view, setView] = useState<ReuseView>('all');
  const [offset, setOffset] = useState(0);
  const map = useAsync(
    () =>
      reuseApi.getMap({
        task: task || undefined,
        owner: owner || undefined,
        view,
        offset,
        limit: PAGE_SIZE,
      }),
    [reuseApi, task, owner, view, offset],
  );
  const [owners, setOwners] = useState<string[]>([]);
  if (map.value && map.value.facets.owners.join() !== owners.join()) {
    setOwners(map.value.facets.owners);
  }
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: T): void => {
      set(value);
      setOffset(0);
    };

  return (
    <Page themeId="tool">
      <Header
        title="Reuse map"
        subtitle="Which projects use which components, from each project's own files"
      />
      <Content>
        <Box display="flex" flexWrap="wrap" mb={3} style={{ gap: 16 }}>
          <Filter
            label="Task"
            value={task}
            all="All tasks"
            values={TASKS}
            title={taskTitle}
            onChange={filter(setTask)}
          />
          <Filter
            label="Owner"
            value={owner}
            all="All owners"
            values={owners}
            onChange={filter(setOwner)}
          />
          <Filter
            label="Show"
            value={view}
            values={REUSE_VIEWS}
            title={v => VIEW_TITLES[v]}
            onChange={filter(setView)}
          />
        </Box>
        {map.loading && <Progress />}
        {map.error && (
          <WarningPanel severity="error" title="Could not load the reuse map">
            {map.error.message}
          </WarningPanel>
        )}
        {map.value && !map.loading && (
          <>
            <Summary map={map.value} />
            <DeprecatedUsages map={map.value} />
            <Rows map={map.value} view={view} onPage={setOffset} />
          </>
        )}
      </Content>
    </Page>
  );
};
