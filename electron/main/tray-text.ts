/** The tray tooltip: the count of pending updates, so hovering answers "anything to do?". */
export function trayTooltip(updatesPending: number): string {
  if (updatesPending <= 0) return 'Tidewatch';
  return `Tidewatch: ${updatesPending} update${updatesPending === 1 ? '' : 's'} pending`;
}
