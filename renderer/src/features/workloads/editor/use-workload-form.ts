import { ContractError } from '@shared/rpc/errors';
import type { Workload } from '@shared/schemas/workloads';
import { useState } from 'react';
import { errorMessage } from '../../../api/query-client';
import { useCreateWorkload, useUpdateWorkload } from '../../../api/workloads';
import {
  EMPTY_WORKLOAD_FORM,
  formFromWorkload,
  toWorkloadInput,
  validateWorkloadForm,
  type WorkloadFormErrors,
  type WorkloadFormValues,
} from './workload-form-values';

/** The editor's state: values, errors at their fields, and saving (create or update). */
export function useWorkloadForm(
  workload: Workload | undefined,
  onSaved: (saved: Workload) => void,
  initial?: Partial<WorkloadFormValues>,
) {
  const [values, setValues] = useState<WorkloadFormValues>(() =>
    workload ? formFromWorkload(workload) : { ...EMPTY_WORKLOAD_FORM, ...initial },
  );
  const [errors, setErrors] = useState<WorkloadFormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const create = useCreateWorkload();
  const update = useUpdateWorkload();

  /** Applies a change; errors of the changed part go away (they are checked again on save). */
  const change = (next: (current: WorkloadFormValues) => WorkloadFormValues, prefix: string) => {
    setValues(next);
    setFailure(null);
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith(prefix))),
    );
  };

  const save = async (): Promise<Workload | null> => {
    const found = validateWorkloadForm(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid();
      return null;
    }
    const input = toWorkloadInput(values);
    try {
      const saved = workload
        ? await update.mutateAsync({ ...input, id: workload.id })
        : await create.mutateAsync(input);
      onSaved(saved);
      return saved;
    } catch (error) {
      // An answer about one field (a name taken on that host) is shown at that field; the rest above.
      if (error instanceof ContractError && error.field) setErrors({ [error.field]: error.message });
      else setFailure(errorMessage(error));
      return null;
    }
  };

  return {
    values,
    errors,
    failure,
    change,
    save,
    saving: create.isPending || update.isPending,
  };
}

export type WorkloadForm = ReturnType<typeof useWorkloadForm>;

/** The dialog scrolls: bring the first marked field into view so no message goes unseen. */
function focusFirstInvalid(): void {
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>('[role="dialog"] [aria-invalid="true"]');
    field?.scrollIntoView({ block: 'center' });
    field?.focus();
  });
}
