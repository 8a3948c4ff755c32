import { Entity } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  CATEGORY_LABEL,
  TASK_TITLES,
  isTask,
} from '@mlops-portal/plugin-atomic-catalog-common';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { tasksOfEntity, versionOfEntity } from '../../catalog';

/** One component in a level column: its name, description, tasks, category and version. */
export const ComponentCard = ({ entity }: { entity: Entity }) => {
  const version = versionOfEntity(entity);
  const category = entity.metadata.labels?.[CATEGORY_LABEL];
  return (
    <Card variant="outlined" component="li">
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
          {tasksOfEntity(entity).map(task => (
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
