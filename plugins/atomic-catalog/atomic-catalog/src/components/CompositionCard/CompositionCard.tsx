import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  catalogApiRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { Level, levelOf } from '@mlops-portal/plugin-atomic-catalog-common';
import { ReadState } from '@mlops-portal/portal-fetch';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import {
  CompositionNode,
  CompositionTree,
  Direction,
  MAX_DEPTH,
  loadComposition,
} from './composition';

const useStyles = makeStyles(theme => ({
  tree: {
    margin: 0,
    paddingLeft: theme.spacing(2),
    listStyle: 'disc',
  },
}));

const NodeList = ({ nodes }: { nodes: CompositionNode[] }) => {
  const classes = useStyles();
  return (
    <ul className={classes.tree}>
      {nodes.map(node => {
        const level = node.entity && levelOf(node.entity);
        return (
          <li key={node.ref}>
            {node.entity ? (
              <EntityRefLink
                entityRef={node.entity}
                title={node.entity.metadata.title ?? node.entity.metadata.name}
              />
            ) : (
              <span>{node.ref} (not in the catalog)</span>
            )}{' '}
            {level && <Chip size="small" variant="outlined" label={level} />}
            {node.cycle && (
              <Typography variant="caption" color="error">
                {' '}
                (dependency cycle)
              </Typography>
            )}
            {node.children.length > 0 && <NodeList nodes={node.children} />}
          </li>
        );
      })}
    </ul>
  );
};

const Section = ({
  title,
  empty,
  tree,
}: {
  title: string;
  empty: string;
  tree: CompositionTree;
}) => (
  <Box component="section" aria-label={title} mb={2}>
    <Typography variant="subtitle1" component="h3">
      {title}
    </Typography>
    {tree.nodes.length === 0 ? (
      <Typography variant="body2" color="textSecondary">
        {empty}
      </Typography>
    ) : (
      <NodeList nodes={tree.nodes} />
    )}
    {tree.truncated && (
      <Typography variant="caption" color="textSecondary">
        Shortened: the graph goes on beyond {MAX_DEPTH} levels or too many
        entities to show here.
      </Typography>
    )}
  </Box>
);

const EMPTY: Record<Level | 'unknown', string> = {
  atom: 'Nothing: an atom depends on no other component.',
  molecule: 'No atoms listed in spec.dependsOn.',
  organism: 'No molecules or atoms listed in spec.dependsOn.',
  template: 'No organisms listed in spec.dependsOn.',
  page: 'No components listed in spec.dependsOn.',
  unknown: 'Nothing listed in spec.dependsOn.',
};

/** What the component is built from, recursively, and what uses it: the reuse graph. */
export const CompositionCard = () => {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const level = levelOf(entity);
  const trees = useAsync(async () => {
    const direction = (d: Direction) => loadComposition(catalogApi, entity, d);
    const [builtFrom, usedBy] = await Promise.all([
      direction('builtFrom'),
      direction('usedBy'),
    ]);
    return { builtFrom, usedBy };
  }, [catalogApi, entity]);

  return (
    <InfoCard title="Composition">
      <ReadState state={trees} failure="Could not load the composition" />
      {trees.value && (
        <>
          <Section
            title="Built from"
            empty={EMPTY[level ?? 'unknown']}
            tree={trees.value.builtFrom}
          />
          <Section
            title="Used by"
            empty="Not used by any molecule, organism, template or project yet."
            tree={trees.value.usedBy}
          />
        </>
      )}
    </InfoCard>
  );
};
