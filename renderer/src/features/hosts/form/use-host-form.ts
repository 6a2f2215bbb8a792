import { ContractError } from '@shared/rpc/errors';
import type { Host, TestConnectionResult } from '@shared/schemas/hosts';
import { useState } from 'react';
import {
  useHosts,
  useConnectHost,
  useCreateHost,
  useCreateLocalHost,
  useTestConnection,
  useTrustHostKey,
  useUpdateHost,
} from '../../../api/hosts';
import type { FormErrors } from './field-props';
import {
  EMPTY_FORM,
  formFromHost,
  toCreateInput,
  toLocalCreateInput,
  toUpdateInput,
  validateForm,
  type HostFormValues,
} from './host-form-values';

/** Fields that decide which server answers: changing them invalidates a test and an accepted key. */
const ENDPOINT_FIELDS: (keyof HostFormValues)[] = ['address', 'port', 'jumpHostId'];

/**
 * The add/edit host dialog's state: values, validation, "Test connection" (with the trust-on-first-use
 * step) and saving. A key accepted during the test is pinned right after the host is created.
 */
export function useHostForm(host: Host | undefined, onSaved: (host: Host) => void) {
  const editing = host !== undefined;
  const [values, setValues] = useState<HostFormValues>(() => (host ? formFromHost(host) : EMPTY_FORM));
  const [errors, setErrors] = useState<FormErrors>({});
  const [testResult, setTestResult] = useState<TestConnectionResult | null>(null);
  const [acceptedFingerprint, setAcceptedFingerprint] = useState<string | null>(null);
  /** The socket the last test found on the host and put in the form, to say so beside the result. */
  const [socketFound, setSocketFound] = useState<string | null>(null);
  const test = useTestConnection();
  const create = useCreateHost();
  const createLocal = useCreateLocalHost();
  const update = useUpdateHost();
  const trust = useTrustHostKey();
  const connect = useConnectHost();
  const others = (useHosts().data ?? []).filter((saved) => saved.id !== host?.id);
  // A second save of the same user@address:port is allowed, but only after the user saw the warning.
  const [duplicateConfirmed, setDuplicateConfirmed] = useState(false);
  const storedPassword = host?.auth.kind === 'password' && host.auth.hasPassword;

  const set = (patch: Partial<HostFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    if (['address', 'port', 'user'].some((field) => field in patch)) setDuplicateConfirmed(false);
    setTestResult(null);
    if (ENDPOINT_FIELDS.some((field) => field in patch)) setAcceptedFingerprint(null);
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch) as (keyof HostFormValues)[]) delete next[key];
      return next;
    });
  };

  const validate = (): boolean => {
    const found = validateForm(values, editing, storedPassword);
    setErrors(found);
    if (Object.keys(found).length > 0) focusFirstInvalid();
    return Object.keys(found).length === 0;
  };

  const runTest = (acceptFingerprint?: string) => {
    if (!validate()) return;
    const accept = acceptFingerprint ? { acceptFingerprint } : {};
    // Stored secrets never come back to the form: when one is needed and left empty, test the saved host.
    const input =
      values.kind === 'local'
        ? { local: toLocalCreateInput(values) }
        : host && needsStoredSecret(values, host)
          ? { hostId: host.id, ...accept }
          : { host: toCreateInput(values), ...accept };
    test.mutate(input, {
      onSuccess: (result) => {
        setTestResult(result);
        // Docker answered at another socket than the form's (found on the host): the form takes that path.
        const found = result.docker?.socketPath;
        if (found && !values.noDocker && found !== values.dockerSocket.trim()) {
          setValues((current) => ({ ...current, dockerSocket: found }));
          setSocketFound(found);
        } else setSocketFound(null);
        // A key file that cannot be used is the key path field's problem: say so at the field.
        if (result.field) setErrors((current) => ({ ...current, [result.field as string]: result.reason }));
      },
    });
  };

  const trustTested = (fingerprint: string) => {
    setAcceptedFingerprint(fingerprint);
    runTest(fingerprint);
  };

  const save = async () => {
    if (!validate()) return;
    const twin = values.kind === 'ssh' ? duplicateOf(values, others) : undefined;
    if (twin && !duplicateConfirmed) {
      setErrors({
        address: `${twin.name} already connects as ${twin.user} to ${twin.address}:${twin.port}. Save again to add it anyway, or edit ${twin.name}.`,
      });
      setDuplicateConfirmed(true);
      return;
    }
    let saved: Host;
    try {
      saved = host
        ? await update.mutateAsync(toUpdateInput(host.id, values))
        : values.kind === 'local'
          ? await createLocal.mutateAsync(toLocalCreateInput(values))
          : await create.mutateAsync(toCreateInput(values));
    } catch (error) {
      // An error about one field (a duplicate name, a bad address) is shown at that field.
      if (error instanceof ContractError && error.field && error.field in values) {
        setErrors((current) => ({ ...current, [error.field as string]: error.message }));
        return;
      }
      throw error;
    }
    // This machine has no key to confirm: it connects at once.
    if (!host && saved.kind === 'local') connect.mutate({ hostId: saved.id });
    if (!host && acceptedFingerprint) {
      // A new host connects right away only once its key is pinned: a host whose key nobody has confirmed
      // is not dialled (its page offers to connect, which asks about the key first).
      await trust.mutateAsync({ hostId: saved.id, fingerprint: acceptedFingerprint });
      connect.mutate({ hostId: saved.id });
    }
    onSaved(saved);
  };

  const replaceValues = (next: HostFormValues) => {
    setValues(next);
    setErrors({});
    setTestResult(null);
    setAcceptedFingerprint(null);
  };

  return {
    editing,
    values,
    errors,
    set,
    replaceValues,
    testResult,
    socketFound,
    acceptedFingerprint,
    clearTest: () => setTestResult(null),
    runTest: () => runTest(acceptedFingerprint ?? undefined),
    trustTested,
    testing: test.isPending,
    save: () => save().catch(() => undefined), // errors are already shown by the global handler
    saving: create.isPending || createLocal.isPending || update.isPending || trust.isPending,
  };
}

/** The dialog scrolls: bring the first marked field into view so no message goes unseen. */
function focusFirstInvalid(): void {
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>('[role="dialog"] [aria-invalid="true"]');
    field?.scrollIntoView({ block: 'center' });
    field?.focus();
  });
}

function duplicateOf(values: HostFormValues, others: readonly Host[]): Host | undefined {
  const address = values.address.trim().toLowerCase();
  const user = values.user.trim();
  return others.find(
    (other) =>
      other.address.toLowerCase() === address && other.port === Number(values.port) && other.user === user,
  );
}

function needsStoredSecret(values: HostFormValues, host: Host): boolean {
  if (values.authKind !== host.auth.kind) return false;
  if (host.auth.kind === 'password') return host.auth.hasPassword && !values.password;
  if (host.auth.kind === 'key')
    return host.auth.hasPassphrase && !values.passphrase && !values.clearPassphrase;
  return false;
}
