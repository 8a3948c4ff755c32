/**
 * The style of a list without bullets whose items stand one under another, `gap` apart: the Components
 * page's columns and the rule violations card list their entries this way.
 */
export const stackedList = (gap: number) =>
  ({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap,
  } as const);
