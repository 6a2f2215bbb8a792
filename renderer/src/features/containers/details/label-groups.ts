/** Labels grouped by the tool that reads them, so compose, watcher and Tidewatch labels are found at a glance. */
const GROUPS: ReadonlyArray<{ name: string; prefixes: readonly string[] }> = [
  { name: 'Compose', prefixes: ['com.docker.compose.'] },
  { name: 'Tidewatch', prefixes: ['tidewatch.'] },
  { name: 'DIUN', prefixes: ['diun.'] },
  { name: "What's Up Docker", prefixes: ['wud.'] },
  { name: 'Watchtower', prefixes: ['com.centurylinklabs.watchtower.'] },
  { name: 'Image', prefixes: ['org.opencontainers.', 'org.label-schema.'] },
];

export interface LabelGroup {
  name: string;
  labels: Array<[string, string]>;
}

export function groupLabels(labels: Readonly<Record<string, string>>): LabelGroup[] {
  const groups = new Map<string, Array<[string, string]>>();
  for (const entry of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    const group =
      GROUPS.find((one) => one.prefixes.some((prefix) => entry[0].startsWith(prefix)))?.name ?? 'Other';
    groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  const order = [...GROUPS.map((group) => group.name), 'Other'];
  return order.filter((name) => groups.has(name)).map((name) => ({ name, labels: groups.get(name) ?? [] }));
}
