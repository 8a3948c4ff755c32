import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  logo: {
    color: '#7df3e1',
    fontSize: 18,
    fontWeight: 700,
  },
});

/** The product's initials, in the sidebar when it is closed. */
export const LogoIcon = () => {
  const classes = useStyles();
  return <span className={classes.logo}>ML</span>;
};
