import { CopyTextButton, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  PYTHON_IMPORT_ANNOTATION,
  PYTHON_PACKAGE_ANNOTATION,
} from '@mlops-portal/plugin-atomic-catalog-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  code: {
    flex: 1,
    margin: 0,
    padding: theme.spacing(1),
    overflowX: 'auto',
    fontFamily: 'monospace',
    backgroundColor: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
}));

const Snippet = ({ label, code }: { label: string; code: string }) => {
  const classes = useStyles();
  return (
    <Box mb={2}>
      <Typography variant="subtitle2" component="h3">
        {label}
      </Typography>
      <Box display="flex" alignItems="center">
        <pre className={classes.code} aria-label={label}>
          {code}
        </pre>
        <CopyTextButton
          text={code}
          tooltipText="Copied"
          aria-label={`Copy: ${label}`}
        />
      </Box>
    </Box>
  );
};

/** How to install and import the component, each with a copy button. */
export const UseItCard = () => {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const requirement = annotations[PYTHON_PACKAGE_ANNOTATION]?.trim();
  const importLine = annotations[PYTHON_IMPORT_ANNOTATION]?.trim();
  return (
    <InfoCard title="Use it">
      {requirement && (
        <Snippet label="Install" code={`pip install "${requirement}"`} />
      )}
      {importLine && <Snippet label="Import" code={importLine} />}
      {!requirement && !importLine && (
        <Typography variant="body2" color="textSecondary">
          This entity has no {PYTHON_PACKAGE_ANNOTATION} or{' '}
          {PYTHON_IMPORT_ANNOTATION} annotation, so there is nothing to install.
        </Typography>
      )}
    </InfoCard>
  );
};
