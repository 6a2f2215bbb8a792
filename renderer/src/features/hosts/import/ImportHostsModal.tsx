import { Button, Checkbox, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import type { ImportSshConfigResult } from '@shared/schemas/hosts';
import { IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { useHosts } from '../../../api/hosts';
import { CandidateTable } from './CandidateTable';
import { candidateKey, planImport } from './import-plan';
import { ImportReviewTable } from './ImportReviewTable';
import { SshConfigFindings } from './SshConfigFindings';
import { useHostImport } from './use-host-import';

interface ImportHostsModalProps {
  opened: boolean;
  onClose(): void;
}

/**
 * Adds several hosts of ~/.ssh/config at once: tick them, then review every new server key in one list and
 * trust the ones that match. Mounted only while open, so every opening starts over.
 */
export function ImportHostsModal({ opened, onClose }: ImportHostsModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Add hosts from ~/.ssh/config"
      size="90rem"
      scrollAreaComponent={ScrollArea.Autosize}
    >
      {opened && <ImportFlow onClose={onClose} />}
    </Modal>
  );
}

function ImportFlow({ onClose }: { onClose(): void }) {
  const { data: saved = [] } = useHosts();
  const flow = useHostImport();
  const [started, setStarted] = useState(false);

  if (started)
    return <ImportReviewTable rows={flow.rows} busy={flow.busy} onTrust={flow.trust} onClose={onClose} />;
  return (
    <SshConfigFindings>
      {(result) => (
        <PickStep
          result={result}
          onAdd={(selected) => {
            setStarted(true);
            void flow.start(planImport(selected, result.candidates, saved, result.localUser));
          }}
        />
      )}
    </SshConfigFindings>
  );
}

function PickStep({
  result,
  onAdd,
}: {
  result: ImportSshConfigResult;
  onAdd(selected: ImportSshConfigResult['candidates']): void;
}) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const fresh = result.candidates.filter((candidate) => candidate.existingHostId === null);
  const toggle = (key: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const allPicked = fresh.length > 0 && fresh.every((candidate) => picked.has(candidateKey(candidate)));

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Tick the hosts to add. A host reached through a ProxyJump brings its jump host along (as SSH only when
        you do not tick it too). Nothing is trusted yet: the next step shows every server key.
      </Text>
      <Group justify="space-between">
        <Checkbox
          label={`All new hosts (${fresh.length})`}
          checked={allPicked}
          indeterminate={!allPicked && picked.size > 0}
          onChange={() => setPicked(allPicked ? new Set() : new Set(fresh.map(candidateKey)))}
        />
        <Button
          leftSection={<IconFileImport size={16} />}
          disabled={picked.size === 0}
          onClick={() => onAdd(result.candidates.filter((candidate) => picked.has(candidateKey(candidate))))}
        >
          {picked.size === 1 ? 'Add 1 host' : `Add ${picked.size} hosts`}
        </Button>
      </Group>
      <ScrollArea.Autosize mah="55vh">
        <CandidateTable
          candidates={result.candidates}
          renderAction={(candidate) => (
            <Checkbox
              aria-label={`Add ${candidate.alias}`}
              checked={picked.has(candidateKey(candidate))}
              onChange={() => toggle(candidateKey(candidate))}
              styles={{ root: { display: 'inline-block' } }}
            />
          )}
        />
      </ScrollArea.Autosize>
    </Stack>
  );
}
