import {
  Autocomplete,
  CheckIcon,
  ColorSwatch,
  Group,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useId } from 'react';
import type { FieldProps } from './field-props';

/** Palette names the schema accepts; shown as swatches. */
const COLORS = [
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
];

export function AppearanceFields({ values, set, groups }: FieldProps & { groups: readonly string[] }) {
  const labelId = useId();
  return (
    <>
      <Autocomplete
        label="Group"
        description="Hosts with the same group are listed together."
        placeholder="production"
        data={[...groups]}
        value={values.group}
        onChange={(group) => set({ group })}
      />
      <Stack gap={6}>
        <Text id={labelId} fw={500} size="sm">
          Colour
        </Text>
        <Group gap={6} role="radiogroup" aria-labelledby={labelId}>
          <SwatchButton
            label="No colour"
            selected={values.color === null}
            onSelect={() => set({ color: null })}
            color={null}
          />
          {COLORS.map((color) => (
            <SwatchButton
              key={color}
              label={color}
              color={color}
              selected={values.color === color}
              onSelect={() => set({ color })}
            />
          ))}
        </Group>
      </Stack>
    </>
  );
}

interface SwatchButtonProps {
  label: string;
  color: string | null;
  selected: boolean;
  onSelect(): void;
}

function SwatchButton({ label, color, selected, onSelect }: SwatchButtonProps) {
  return (
    <Tooltip label={label} openDelay={400}>
      <UnstyledButton role="radio" aria-checked={selected} aria-label={label} onClick={onSelect}>
        <ColorSwatch
          component="span"
          size={24}
          color={color ? `var(--mantine-color-${color}-filled)` : 'transparent'}
          withShadow={color !== null}
          style={color === null ? { border: '1px dashed var(--mantine-color-dimmed)' } : undefined}
        >
          {selected && <CheckIcon size={10} color={color ? 'white' : 'currentColor'} />}
        </ColorSwatch>
      </UnstyledButton>
    </Tooltip>
  );
}
