import { memo } from 'react';
import { Link } from 'react-router';
import type { Container, ContainerPort } from '@shared/schemas/containers';
import { ContainerActions } from '../actions/ContainerActions';
import table from '../../../components/LightTable.module.css';
import { ContainerStateBadge } from './ContainerStateBadge';

/** The container's own page. */
export function containerPagePath(container: Container): string {
  return `/hosts/${container.hostId}/containers/${encodeURIComponent(container.name)}`;
}

interface ContainerRowProps {
  container: Container;
  /** Stable across renders (the page's state setter), so the memoized row skips redrawing. */
  onShowLogs(container: Container): void;
  /** The row the keyboard (j/k) is on. */
  active?: boolean;
}

/** Memoized: moving the keyboard (j/k) or a refetch with one changed container redraws only those rows. */
export const ContainerRow = memo(function ContainerRow({
  container,
  onShowLogs,
  active = false,
}: ContainerRowProps) {
  // Plain cells (LightTable.module.css): a host's list draws hundreds of these.
  return (
    <tr data-container-id={container.id} aria-current={active ? 'true' : undefined} className={table.row}>
      <td className={table.cell}>
        <Link to={containerPagePath(container)} className={`${table.link} ${table.line}`}>
          {container.name}
        </Link>
        {container.composeService && (
          <span className={`${table.small} ${table.dimmed} ${table.line}`}>
            service {container.composeService}
          </span>
        )}
      </td>
      <td className={table.cell}>
        <span className={`${table.text} ${table.mono} ${table.line}`} title={container.image}>
          {container.image}
        </span>
      </td>
      <td className={table.cell}>
        <ContainerStateBadge container={container} />
        <span className={`${table.small} ${table.dimmed} ${table.below}`}>{container.status}</span>
      </td>
      <td className={table.cell}>
        <span className={`${table.small} ${table.mono}`}>{formatPorts(container.ports) || '—'}</span>
      </td>
      <td className={table.cell}>
        <ContainerActions container={container} onShowLogs={() => onShowLogs(container)} />
      </td>
    </tr>
  );
});

/** Published ports as `8080→80/tcp`, deduplicated across IPv4 and IPv6 bindings. */
function formatPorts(ports: readonly ContainerPort[]): string {
  const shown = new Set<string>();
  for (const port of ports) {
    shown.add(
      port.publicPort
        ? `${port.publicPort}→${port.privatePort}/${port.type}`
        : `${port.privatePort}/${port.type}`,
    );
  }
  return [...shown].join(', ');
}
