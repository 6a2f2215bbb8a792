import type { HostFormValues } from './host-form-values';

export type FormErrors = Partial<Record<keyof HostFormValues, string>>;

/** What every group of fields in the host form receives. */
export interface FieldProps {
  values: HostFormValues;
  errors: FormErrors;
  set(patch: Partial<HostFormValues>): void;
}
