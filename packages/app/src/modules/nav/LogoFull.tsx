import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  logo: {
    color: '#7df3e1',
    fontSize: 22,
    fontWeight: 700,
    letterSpacing: 0.5,
    whiteSpace: 'nowrap',
  },
});

/** The product's name as its logo, in the sidebar when it is open. */
export const LogoFull = () => {
  const classes = useStyles();
  return <span className={classes.logo}>MLOps Portal</span>;
};
