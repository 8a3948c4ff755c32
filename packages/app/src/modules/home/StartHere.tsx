import { Link } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';

/** One entry per capability the portal has today. */
export const capabilities = [
  {
    title: 'Browse the catalog',
    to: '/catalog',
    text: 'The team’s components, projects, systems and people, with owners and docs.',
  },
  {
    title: 'Find a component',
    to: '/components',
    text: 'Atoms, molecules, organisms, templates and projects side by side: what each is built from and who uses it.',
  },
  {
    title: 'Create a project',
    to: '/create',
    text: 'Start a new time-series project from a ready template.',
  },
  {
    title: 'Read the docs',
    to: '/docs',
    text: 'Guides for the portal and a page for every component and template.',
  },
  {
    title: 'Search',
    to: '/search',
    text: 'Find a component, a metric or a guide by name or topic.',
  },
];

export const StartHere = () => (
  <List dense>
    {capabilities.map(c => (
      <ListItem key={c.to}>
        <ListItemText
          primary={<Link to={c.to}>{c.title}</Link>}
          secondary={c.text}
        />
      </ListItem>
    ))}
  </List>
);
