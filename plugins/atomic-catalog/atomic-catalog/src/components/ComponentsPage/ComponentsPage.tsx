import { useState } from 'react';
import { Content, ContentHeader } from '@backstage/core-components';
import { LEVELS } from '@mlops-portal/plugin-atomic-catalog-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ComponentFilters, NO_FILTERS } from '../../catalog';
import { ComponentFiltersBar } from './ComponentFiltersBar';
import { LevelColumn } from './LevelColumn';

const useStyles = makeStyles(theme => ({
  levels: {
    display: 'grid',
    gridTemplateColumns: `repeat(${LEVELS.length}, minmax(220px, 1fr))`,
    gap: theme.spacing(2),
    overflowX: 'auto',
  },
}));

/** The atomic catalog: the five levels side by side, with counts and filters. */
export const ComponentsPage = () => {
  const classes = useStyles();
  const [filters, setFilters] = useState<ComponentFilters>(NO_FILTERS);
  return (
    <Content>
      <ContentHeader title="Components" />
      <Typography variant="body1" paragraph>
        The team’s reusable parts by level of atomic design: atoms depend on
        nothing, molecules are built from atoms, organisms from molecules and
        atoms, templates from organisms, and pages are real projects.
      </Typography>
      <ComponentFiltersBar filters={filters} onChange={setFilters} />
      <Box className={classes.levels}>
        {LEVELS.map(level => (
          <LevelColumn key={level} level={level} filters={filters} />
        ))}
      </Box>
    </Content>
  );
};
