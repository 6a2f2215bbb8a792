import { Button, Modal, ScrollArea } from '@mantine/core';
import type { SshConfigCandidate } from '@shared/schemas/hosts';
import { CandidateTable } from './CandidateTable';
import { SshConfigFindings } from './SshConfigFindings';

interface SshConfigImportModalProps {
  opened: boolean;
  onClose(): void;
  onPick(candidate: SshConfigCandidate): void;
}

/** Lists the hosts of ~/.ssh/config and known_hosts; picking one prefills the form (nothing is saved). */
export function SshConfigImportModal({ opened, onClose, onPick }: SshConfigImportModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Import from ~/.ssh/config" size="xl">
      {opened && (
        <SshConfigFindings>
          {(result) => (
            <ScrollArea.Autosize mah="55vh">
              <CandidateTable
                candidates={result.candidates}
                renderAction={(candidate) => (
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => onPick(candidate)}
                    aria-label={`Use ${candidate.alias}`}
                  >
                    Use
                  </Button>
                )}
              />
            </ScrollArea.Autosize>
          )}
        </SshConfigFindings>
      )}
    </Modal>
  );
}
