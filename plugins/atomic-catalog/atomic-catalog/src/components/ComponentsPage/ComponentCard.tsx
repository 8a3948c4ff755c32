import { Entity } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  TASK_TITLES,
  categoryOf,
  isTask,
  libraryVersionOf,
  recordedViolationsOf,
  tasksOf,
} from '@mlops-portal/plugin-atomic-catalog-common';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';

const useStyles = makeStyles(theme => ({
  broken: {
    borderColor: theme.palette.warning.main,
  },
  violations: {
    color: theme.palette.warning.dark,
    borderColor: theme.palette.warning.main,
  },
}));

/**
 * One component in a level column: its name, description, tasks, category and version, and a
 * warning when it breaks atomic-design rules (its page says which and how to fix them).
 */
export const ComponentCard = ({ entity }: { entity: Entity }) => {
  const classes = useStyles();
  const version = libraryVersionOf(entity);
  const category = categoryOf(entity);
  const violations = recordedViolationsOf(entity).length;
  return (
    <Card
      variant="outlined"
      component="li"
      className={violations ? classes.broken : undefined}
    >
      <CardContent>
        <Typography variant="subtitle1" component="h3">
          <EntityRefLink
            entityRef={entity}
            title={entity.metadata.title ?? entity.metadata.name}
          />
        </Typography>
        {entity.metadata.description && (
          <Typography variant="body2" color="textSecondary">
            {entity.metadata.description}
          </Typography>
        )}
        <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {violations > 0 && (
            <Chip
              size="small"
              variant="outlined"
              className={classes.violations}
              icon={<WarningIcon fontSize="small" />}
              label={`Breaks ${violations} ${
                violations === 1 ? 'rule' : 'rules'
              }`}
            />
          )}
          {tasksOf(entity).map(task => (
            <Chip
              key={task}
              size="small"
              label={isTask(task) ? TASK_TITLES[task] : task}
            />
          ))}
          {category && (
            <Chip size="small" variant="outlined" label={category} />
          )}
          {version && (
            <Chip size="small" variant="outlined" label={`v${version}`} />
          )}
        </Box>
      </CardContent>
    </Card>
  );
};
