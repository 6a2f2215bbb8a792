import {
  workloadInputSchema,
  type Workload,
  type WorkloadInput,
  type WorkloadVolume,
} from '@shared/schemas/workloads';

/** Inputs stay controlled with flat strings; converted to the contract (and checked by its schema) on save. */
export interface EnvRow {
  key: string;
  value: string;
  secret: boolean;
  /** Edit only: the core holds a value for this secret; an empty field keeps it. */
  stored: boolean;
}

export interface VolumeRow {
  kind: WorkloadVolume['kind'];
  /** A named volume's name (kind volume). */
  name: string;
  /** A host path (kind bind). */
  source: string;
  target: string;
  readOnly: boolean;
  /** tmpfs size; blank: Docker's default. */
  sizeMb: number | string;
}

export interface StageRow {
  name: string;
  tagPattern: string;
  autoDeploy: boolean;
  maxInstances: number | string;
  confirm: boolean;
  promoteFrom: string | null;
  subdomain: string;
  pinnedTag: string;
  /** A Swarm service this stage updates instead of running containers ('' none). */
  swarmService: string;
}

export interface WorkloadFormValues {
  name: string;
  hostId: string | null;
  image: string;
  port: number | string;
  healthPath: string;
  env: EnvRow[];
  volumes: VolumeRow[];
  cpus: number | string;
  memoryMb: number | string;
  network: string;
  stages: StageRow[];
}

/** Field errors by path: `name`, `stages.0.tagPattern`, `env.2.key`… (the schema's issue paths). */
export type WorkloadFormErrors = Record<string, string>;

export function emptyStage(name = 'prod'): StageRow {
  return {
    name,
    tagPattern: '*',
    autoDeploy: false,
    maxInstances: 1,
    confirm: false,
    promoteFrom: null,
    subdomain: '',
    pinnedTag: '',
    swarmService: '',
  };
}

export function emptyVolume(kind: VolumeRow['kind'] = 'volume'): VolumeRow {
  return { kind, name: '', source: '', target: '', readOnly: false, sizeMb: '' };
}

export const EMPTY_WORKLOAD_FORM: WorkloadFormValues = {
  name: '',
  hostId: null,
  image: '',
  port: '',
  healthPath: '',
  env: [],
  volumes: [],
  cpus: '',
  memoryMb: '',
  network: '',
  stages: [emptyStage()],
};

/** A saved workload in the form: secret values never come back, so their fields start empty ("stored"). */
export function formFromWorkload(workload: Workload): WorkloadFormValues {
  return {
    name: workload.name,
    hostId: workload.hostId,
    image: workload.image,
    port: workload.port,
    healthPath: workload.healthPath ?? '',
    env: workload.env.map((entry) => ({
      key: entry.key,
      value: entry.secret ? '' : (entry.value ?? ''),
      secret: entry.secret,
      stored: entry.secret,
    })),
    volumes: workload.volumes.map((volume) => ({
      ...emptyVolume(volume.kind),
      ...volume,
      sizeMb: volume.kind === 'tmpfs' ? (volume.sizeMb ?? '') : '',
    })),
    cpus: workload.cpus ?? '',
    memoryMb: workload.memoryMb ?? '',
    network: workload.network ?? '',
    stages: workload.stages.map((stage) => ({
      name: stage.name,
      tagPattern: stage.tagPattern,
      autoDeploy: stage.autoDeploy,
      maxInstances: stage.maxInstances,
      confirm: stage.confirm,
      promoteFrom: stage.promoteFrom,
      subdomain: stage.subdomain ?? '',
      pinnedTag: stage.pinnedTag ?? '',
      swarmService: stage.swarmService ?? '',
    })),
  };
}

const blankToNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** Blank is "not set"; anything else is a number for the schema to judge (NaN fails it). */
const numberOrNull = (value: number | string): number | null =>
  typeof value === 'number' ? value : value.trim() === '' ? null : Number(value);

function volumeInput(row: VolumeRow): WorkloadVolume {
  if (row.kind === 'volume')
    return { kind: 'volume', name: row.name.trim(), target: row.target.trim(), readOnly: row.readOnly };
  if (row.kind === 'bind')
    return { kind: 'bind', source: row.source.trim(), target: row.target.trim(), readOnly: row.readOnly };
  return { kind: 'tmpfs', target: row.target.trim(), sizeMb: numberOrNull(row.sizeMb) };
}

/**
 * The contract input. A secret left empty on edit is sent as null, which the core reads as "keep the
 * stored value"; a plain variable's empty value is an empty string.
 */
export function toWorkloadInput(values: WorkloadFormValues): WorkloadInput {
  return {
    name: values.name.trim(),
    hostId: values.hostId ?? '',
    image: values.image.trim(),
    // A blank port becomes NaN so the schema reports it at the field rather than defaulting anything.
    port: numberOrNull(values.port) ?? Number.NaN,
    healthPath: blankToNull(values.healthPath),
    env: values.env.map((row) => ({
      key: row.key.trim(),
      value: row.secret && row.stored && row.value === '' ? null : row.value,
      secret: row.secret,
    })),
    volumes: values.volumes.map(volumeInput),
    cpus: numberOrNull(values.cpus),
    memoryMb: numberOrNull(values.memoryMb),
    network: blankToNull(values.network),
    stages: values.stages.map((stage) => ({
      name: stage.name.trim(),
      tagPattern: stage.tagPattern.trim(),
      autoDeploy: stage.autoDeploy,
      maxInstances: numberOrNull(stage.maxInstances) ?? Number.NaN,
      confirm: stage.confirm,
      promoteFrom: stage.promoteFrom,
      subdomain: blankToNull(stage.subdomain),
      pinnedTag: blankToNull(stage.pinnedTag),
      swarmService: blankToNull(stage.swarmService),
    })),
  };
}

/** Readable words for the schema's generic messages on the fields people get wrong most. */
const FRIENDLY: Record<string, string> = {
  hostId: 'Choose a host',
  port: 'A port from 1 to 65535',
  cpus: 'A positive number of CPUs, at most 256',
  memoryMb: 'At least 6 MB',
  healthPath: 'A path starting with / (e.g. /healthz), or empty',
};

/**
 * The same checks the core makes (the contract's schema), plus the ones that need the whole form:
 * duplicate names, a promote-from stage that exists, a tag in the image field, a new secret's value.
 */
export function validateWorkloadForm(values: WorkloadFormValues): WorkloadFormErrors {
  const errors: WorkloadFormErrors = {};
  const result = workloadInputSchema.safeParse(toWorkloadInput(values));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      const key = path === '' ? 'form' : path;
      if (errors[key]) continue;
      errors[key] = FRIENDLY[key] ?? issue.message;
    }
  }
  const lastSegment = values.image.trim().split('/').pop() ?? '';
  if (!errors.image && lastSegment.includes(':'))
    errors.image = 'The repository without a tag: each stage chooses its tags';
  markDuplicates(
    values.stages.map((stage) => stage.name.trim()),
    'stages',
    'name',
    errors,
  );
  markDuplicates(
    values.env.map((row) => row.key.trim()),
    'env',
    'key',
    errors,
  );
  values.stages.forEach((stage, index) => {
    const key = `stages.${index}.promoteFrom`;
    if (stage.promoteFrom === null || errors[key]) return;
    if (stage.promoteFrom === stage.name.trim()) errors[key] = 'A stage cannot promote from itself';
    else if (!values.stages.some((other) => other.name.trim() === stage.promoteFrom))
      errors[key] = `There is no stage ${stage.promoteFrom}`;
  });
  values.env.forEach((row, index) => {
    if (row.secret && !row.stored && row.value === '') errors[`env.${index}.value`] ??= 'Enter the value';
  });
  return errors;
}

function markDuplicates(names: string[], list: string, field: string, errors: WorkloadFormErrors): void {
  names.forEach((name, index) => {
    if (name !== '' && names.indexOf(name) !== index)
      errors[`${list}.${index}.${field}`] ??= `${name} is twice`;
  });
}
