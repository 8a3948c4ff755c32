import { WarningPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { recordedViolationsOf } from '@mlops-portal/plugin-atomic-catalog-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { stackedList } from '../stackedList';

const useStyles = makeStyles(theme => ({
  list: stackedList(theme.spacing(2)),
  rule: {
    fontFamily: 'monospace',
  },
}));

/** "component" for a Component, "template" for a Template, ... */
function kindWord(kind: string): string {
  return kind.toLocaleLowerCase('en-US');
}

/**
 * The atomic-design rules the entity breaks, as the catalog module recorded them on it: each rule,
 * what is wrong and how to fix it. Renders nothing for an entity without violations.
 */
export const RuleViolationsCard = () => {
  const classes = useStyles();
  const { entity } = useEntity();
  const violations = recordedViolationsOf(entity);
  if (violations.length === 0) {
    return null;
  }
  const count = violations.length;
  const title = `This ${kindWord(entity.kind)} breaks ${count} atomic-design ${
    count === 1 ? 'rule' : 'rules'
  }`;
  return (
    <Box component="section" aria-label="Atomic-design rule violations">
      <WarningPanel
        severity="warning"
        title={title}
        message="The catalog lists it, but it does not fit its level yet. Change its catalog-info.yaml as each fix below says; the catalog checks it again after the next refresh."
        defaultExpanded
      >
        <ul className={classes.list}>
          {violations.map((violation, index) => (
            <li key={index}>
              <Typography variant="subtitle2" component="h3">
                Rule <span className={classes.rule}>{violation.rule}</span>
              </Typography>
              <Typography variant="body2">{violation.message}</Typography>
              <Typography variant="body2">
                <strong>Fix:</strong> {violation.fix}
              </Typography>
            </li>
          ))}
        </ul>
      </WarningPanel>
    </Box>
  );
};
