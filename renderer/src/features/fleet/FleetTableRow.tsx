import { memo } from 'react';
import { Link } from 'react-router';
import table from '../../components/LightTable.module.css';
import { ContainerStateBadge } from '../containers/list/ContainerStateBadge';
import type { FleetRow } from './fleet-rows';
import classes from './FleetTableRow.module.css';

export const ROW_HEIGHT = 44;

export const containerPath = (row: FleetRow) =>
  `/hosts/${row.container.hostId}/containers/${encodeURIComponent(row.container.name)}`;

interface Props {
  row: FleetRow;
  rowKey: string;
  checked: boolean;
  active: boolean;
  /** Stable across renders, so a row redraws only when its own props change. */
  onToggle(key: string, on: boolean): void;
}

/**
 * One row of All containers. Memoized and kept light (a native checkbox, plain cells: LightTable): a fast scroll
 * mounts a dozen new rows a frame, and rows already on screen must not redraw with every scroll event.
 */
export const FleetTableRow = memo(function FleetTableRow({ row, rowKey, checked, active, onToggle }: Props) {
  const { container } = row;
  const project = container.composeProject;
  return (
    <tr style={{ height: ROW_HEIGHT }} aria-current={active ? 'true' : undefined} className={table.row}>
      <td className={table.cell}>
        <input
          type="checkbox"
          className={classes.check}
          aria-label={`Select ${container.name} on ${row.hostName}`}
          checked={checked}
          onChange={(event) => onToggle(rowKey, event.currentTarget.checked)}
        />
      </td>
      <td className={table.cell} style={{ maxWidth: 200 }}>
        <span className={`${table.text} ${table.line}`} title={row.hostName}>
          {row.hostName}
        </span>
      </td>
      <td className={table.cell} style={{ maxWidth: 240 }}>
        <Link to={containerPath(row)} className={`${table.link} ${table.line}`}>
          {container.name}
        </Link>
      </td>
      <td className={table.cell} style={{ maxWidth: 160 }}>
        <span
          className={`${table.text} ${table.line} ${project ? '' : table.dimmed}`}
          title={project ?? undefined}
        >
          {project ?? '—'}
        </span>
      </td>
      <td className={table.cell} style={{ maxWidth: 300 }}>
        <span className={`${table.text} ${table.mono} ${table.line}`} title={container.image}>
          {container.image}
        </span>
      </td>
      <td className={table.cell}>
        <ContainerStateBadge container={container} />
      </td>
      <td className={table.cell}>
        <span className={`${table.small} ${table.dimmed}`}>
          {new Date(container.created).toLocaleDateString()}
        </span>
      </td>
    </tr>
  );
});
