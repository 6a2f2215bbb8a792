import {
  Alert,
  Button,
  Divider,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { Workload } from '@shared/schemas/workloads';
import { useHosts } from '../../../api/hosts';
import { EnvFields } from './EnvFields';
import { StageFields } from './StageFields';
import { useWorkloadForm, type WorkloadForm } from './use-workload-form';
import type { WorkloadFormValues } from './workload-form-values';
import { VolumeFields } from './VolumeFields';

interface Props {
  /** The workload to edit; undefined creates one. */
  workload?: Workload;
  opened: boolean;
  onClose(): void;
  onSaved?(saved: Workload): void;
}

/** Create or edit a workload; checked with the contract's own schema before anything is sent. */
export function WorkloadFormModal({ workload, opened, onClose, onSaved }: Props) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="min(860px, calc(100vw - 2rem))"
      title={workload ? `Edit ${workload.name}` : 'New workload'}
    >
      {opened && (
        <WorkloadEditor
          key={workload?.id ?? 'new'}
          workload={workload}
          onCancel={onClose}
          onSaved={(saved) => {
            onClose();
            onSaved?.(saved);
          }}
        />
      )}
    </Modal>
  );
}

interface EditorProps {
  workload?: Workload;
  initial?: Partial<WorkloadFormValues>;
  saveLabel?: string;
  onCancel(): void;
  onSaved(saved: Workload): void;
}

/** The form itself, also used by quick deploy with prefilled values. */
export function WorkloadEditor({ workload, initial, saveLabel, onCancel, onSaved }: EditorProps) {
  const form = useWorkloadForm(workload, onSaved, initial);
  const problems = Object.keys(form.errors).length;
  return (
    <form
      noValidate
      aria-label="Workload"
      onSubmit={(event) => {
        event.preventDefault();
        void form.save();
      }}
    >
      <Stack gap="md">
        <GeneralFields form={form} editing={workload !== undefined} />
        <Divider />
        <StageFields form={form} />
        <Divider />
        <EnvFields form={form} />
        <Divider />
        <VolumeFields form={form} />
        <Divider />
        <ResourceFields form={form} />
        {form.failure && (
          <Alert color="red" title="Not saved">
            {form.failure}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          {problems > 0 && (
            <Text size="sm" c="red" mr="auto" role="status">
              {problems === 1 ? '1 field needs attention' : `${problems} fields need attention`}
            </Text>
          )}
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={form.saving}>
            {saveLabel ?? 'Save'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function GeneralFields({ form, editing }: { form: WorkloadForm; editing: boolean }) {
  const { values, errors } = form;
  const hosts = (useHosts().data ?? []).filter((host) => host.dockerEnabled);
  const set = (patch: Partial<WorkloadFormValues>) =>
    form.change((current) => ({ ...current, ...patch }), Object.keys(patch)[0] ?? '');
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <TextInput
        label="Name"
        description="Lowercase letters, digits and dashes: it names the containers and subdomains"
        required
        placeholder="web-app"
        value={values.name}
        error={errors.name}
        onChange={(event) => set({ name: event.currentTarget.value })}
      />
      <Select
        label="Host"
        allowDeselect={false}
        description={editing ? 'A workload stays on its host' : 'Where its instances run'}
        required
        placeholder="Choose a host"
        data={hosts.map((host) => ({ value: host.id, label: host.name }))}
        value={values.hostId}
        disabled={editing}
        error={errors.hostId}
        onChange={(value) => set({ hostId: value })}
      />
      <TextInput
        label="Image"
        description="The repository without a tag"
        required
        placeholder="registry.example.com/team/web"
        value={values.image}
        error={errors.image}
        onChange={(event) => set({ image: event.currentTarget.value })}
      />
      <NumberInput
        label="Port"
        description="The port the application listens on in the container"
        required
        min={1}
        max={65535}
        allowDecimal={false}
        value={values.port}
        error={errors.port}
        onChange={(value) => set({ port: value })}
      />
      <TextInput
        label="Health path"
        description="Probed over HTTP; empty: the image's HEALTHCHECK, else running"
        placeholder="/healthz"
        value={values.healthPath}
        error={errors.healthPath}
        onChange={(event) => set({ healthPath: event.currentTarget.value })}
      />
    </SimpleGrid>
  );
}

function ResourceFields({ form }: { form: WorkloadForm }) {
  const { values, errors } = form;
  const set = (patch: Partial<WorkloadFormValues>) =>
    form.change((current) => ({ ...current, ...patch }), Object.keys(patch)[0] ?? '');
  return (
    <Stack gap="xs">
      <Title order={5}>Resources and network</Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <NumberInput
          label="CPUs"
          placeholder="No limit"
          min={0}
          step={0.5}
          decimalScale={2}
          value={values.cpus}
          error={errors.cpus}
          onChange={(value) => set({ cpus: value })}
        />
        <NumberInput
          label="Memory (MB)"
          placeholder="No limit"
          min={6}
          allowDecimal={false}
          value={values.memoryMb}
          error={errors.memoryMb}
          onChange={(value) => set({ memoryMb: value })}
        />
        <TextInput
          label="Network"
          placeholder="The global default"
          value={values.network}
          error={errors.network}
          onChange={(event) => set({ network: event.currentTarget.value })}
        />
      </SimpleGrid>
    </Stack>
  );
}
