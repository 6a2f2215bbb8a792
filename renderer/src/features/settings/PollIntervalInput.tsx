import { NumberInput } from '@mantine/core';
import { POLL_INTERVAL_MAX_MINUTES, POLL_INTERVAL_MIN_MINUTES } from '@shared/schemas/settings';
import { useState } from 'react';
import { useUpdateSettings } from '../../api/settings';

const RANGE_HINT = `Between ${POLL_INTERVAL_MIN_MINUTES} and ${POLL_INTERVAL_MAX_MINUTES} minutes (one week).`;

function isValidInterval(value: number | string): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= POLL_INTERVAL_MIN_MINUTES &&
    value <= POLL_INTERVAL_MAX_MINUTES
  );
}

/** Typing is free; the value is saved on blur or Enter, and only when it is valid and changed. */
export function PollIntervalInput({ value }: { value: number }) {
  const update = useUpdateSettings();
  const [draft, setDraft] = useState<number | string>(value);
  const [savedValue, setSavedValue] = useState(value);
  // When the settings change elsewhere (another window, the core), follow them.
  if (savedValue !== value) {
    setSavedValue(value);
    setDraft(value);
  }
  const invalid = draft !== '' && !isValidInterval(draft);

  const commit = () => {
    if (isValidInterval(draft) && draft !== value) update.mutate({ defaultPollIntervalMinutes: draft });
  };

  return (
    <NumberInput
      label="Default poll interval (minutes)"
      description={`How often hosts are checked for image updates, unless a host has its own schedule. ${RANGE_HINT}`}
      styles={{ wrapper: { maxWidth: 200 } }}
      min={POLL_INTERVAL_MIN_MINUTES}
      max={POLL_INTERVAL_MAX_MINUTES}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      value={draft}
      onChange={setDraft}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
      error={invalid ? RANGE_HINT : undefined}
    />
  );
}
