import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ReactNode } from 'react';

/**
 * A small table of ClearML records (experiments, models, dataset versions): the first column is each
 * record's name, linked to its page in ClearML; `cells` gives the other columns.
 */
export function ClearmlTable<
  T extends { id: string; name: string; webUrl: string },
>(props: {
  label: string;
  /** The headings, the first one for the names. */
  columns: string[];
  rows: T[];
  cells: (row: T) => ReactNode[];
}) {
  const { label, columns, rows, cells } = props;
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          {columns.map(column => (
            <TableCell key={column}>{column}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.id}>
            <TableCell>
              <Link to={row.webUrl} target="_blank" rel="noopener">
                {row.name}
              </Link>
            </TableCell>
            {cells(row).map((cell, index) => (
              <TableCell key={columns[index + 1] ?? index}>{cell}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
