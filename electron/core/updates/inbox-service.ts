import { AppError } from '@shared/rpc/errors';
import { SNOOZE_DURATION, type UpdateEntry, type UpdatesListInput } from '@shared/schemas/updates';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../util/clock';
import { versionKey } from './evaluate';
import { InboxRepository, toEntry, type InboxRow, type InboxWrite } from './inbox-repository';

/** The result of checking one container of a host that answered. */
export interface ContainerResult {
  containerName: string;
  /** false when its image check failed: the entry is left as it was. */
  checked: boolean;
  /** The update found, or null when the container is up to date. */
  update: InboxWrite | null;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * The updates inbox: one entry per (host, container). A new remote digest or tag re-opens an acknowledged
 * entry; an ignored version stays silent until a different version appears; a snooze ends by the clock.
 */
export class InboxService {
  constructor(
    private readonly repository: InboxRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly link: (registry: string, repository: string) => string,
  ) {}

  list(input: UpdatesListInput): UpdateEntry[] {
    this.expireSnoozes();
    const many = <T>(value: T | T[] | undefined): T[] | undefined =>
      value === undefined ? undefined : Array.isArray(value) ? value : [value];
    return this.repository
      .list({
        hostId: input?.hostId,
        groupId: input?.groupId,
        kinds: many(input?.kind),
        statuses: many(input?.status),
      })
      .map((row) => this.entry(row));
  }

  /** Writes a host's results; returns the entries that became (or are newly) "new". */
  applyHostResults(
    hostId: string,
    results: readonly ContainerResult[],
    present: ReadonlySet<string>,
  ): UpdateEntry[] {
    const now = this.clock.now();
    const detected: number[] = [];
    this.repository.transaction(() => {
      const existing = new Map(this.repository.forHost(hostId).map((row) => [row.container_name, row]));
      for (const result of results) {
        if (!result.checked) continue;
        const row = existing.get(result.containerName);
        if (result.update === null) {
          if (row) this.repository.remove([row.id]);
          continue;
        }
        const id = this.applyOne(row, result.update, now);
        if (id !== null) detected.push(id);
      }
      const gone = [...existing.values()]
        .filter((row) => !present.has(row.container_name))
        .map((row) => row.id);
      this.repository.remove(gone);
    });
    return this.repository.byIds(detected).map((row) => this.entry(row));
  }

  /** Returns the id when the entry is (again) new. */
  private applyOne(row: InboxRow | undefined, update: InboxWrite, now: Date): number | null {
    if (!row) return this.repository.insert(update, now);
    const nextVersion = versionKey(update);
    if (versionKey(rowVersion(row)) === nextVersion) {
      this.repository.touch(row.id, update, now);
      return null;
    }
    if (row.status === 'ignored' && row.ignored_version === nextVersion) {
      this.repository.replace(row.id, update, 'ignored', now);
      return null;
    }
    const snoozing =
      row.status === 'snoozed' && row.snoozed_until !== null && row.snoozed_until > now.toISOString();
    this.repository.replace(row.id, update, snoozing ? 'snoozed' : 'new', now);
    return snoozing ? null : row.id;
  }

  acknowledge(ids: readonly number[]): number {
    const changed = this.repository.setStatus(this.existing(ids), 'acknowledged');
    this.changed('acknowledge', ids);
    return changed;
  }

  /** Puts acknowledged entries back to new (the user changed their mind); other states are left alone. */
  unacknowledge(ids: readonly number[]): number {
    const acknowledged = this.repository
      .byIds(this.existing(ids))
      .filter((row) => row.status === 'acknowledged')
      .map((row) => row.id);
    const changed = this.repository.setStatus(acknowledged, 'new');
    this.changed('acknowledge', ids);
    return changed;
  }

  /** Any state back to new: the snooze ends, the ignored version is forgotten (the undo of both). */
  restore(ids: readonly number[]): number {
    const changed = this.repository.setStatus(this.existing(ids), 'new');
    this.changed('restore', ids);
    return changed;
  }

  /** One entry; NOT_FOUND when it does not exist (any more). */
  get(id: number): UpdateEntry {
    const row = this.repository.byIds([id])[0];
    if (!row) throw new AppError('NOT_FOUND', `No update with id ${id}`);
    return this.entry(row);
  }

  snooze(input: { ids: readonly number[]; until?: string; duration?: string }): number {
    const until = this.snoozeEnd(input);
    const changed = this.repository.setStatus(this.existing(input.ids), 'snoozed', {
      snoozedUntil: until.toISOString(),
    });
    this.changed('snooze', input.ids);
    return changed;
  }

  /** Silences the version each entry offers now; a later, different version re-opens it. */
  ignoreVersion(ids: readonly number[]): number {
    let changed = 0;
    for (const row of this.repository.byIds(this.existing(ids))) {
      changed += this.repository.ignore(row.id, versionKey(rowVersion(row)));
    }
    this.changed('ignore', ids);
    return changed;
  }

  /** Turns ended snoozes back into new entries (called before reads and by the module's timer). */
  expireSnoozes(): void {
    const hosts = this.repository.expireSnoozes(this.clock.now());
    if (hosts.length > 0) this.events.emit('updates.changed', { reason: 'expire', hostIds: hosts });
  }

  nextSnoozeEnd(): Date | null {
    const until = this.repository.nextSnoozeEnd();
    return until === null ? null : new Date(until);
  }

  private snoozeEnd(input: { until?: string; duration?: string }): Date {
    const now = this.clock.now();
    if (input.until !== undefined) {
      const until = new Date(input.until);
      if (until.getTime() <= now.getTime())
        throw new AppError('VALIDATION', 'The snooze end must be in the future');
      return until;
    }
    const match = SNOOZE_DURATION.exec(input.duration ?? '');
    const amount = Number(match?.[1] ?? 0);
    const unit = UNIT_MS[match?.[2] ?? ''];
    if (!unit || amount <= 0) throw new AppError('VALIDATION', 'Use a duration like 12h, 1d or 1w');
    return new Date(now.getTime() + amount * unit);
  }

  private existing(ids: readonly number[]): number[] {
    const found = this.repository.byIds(ids).map((row) => row.id);
    if (found.length === 0) throw new AppError('NOT_FOUND', 'None of these updates exist (any more)');
    return found;
  }

  private changed(reason: 'acknowledge' | 'snooze' | 'ignore' | 'restore', ids: readonly number[]): void {
    const hosts = [...new Set(this.repository.byIds(ids).map((row) => row.host_id))];
    this.events.emit('updates.changed', { reason, hostIds: hosts });
  }

  private entry(row: InboxRow): UpdateEntry {
    return toEntry(row, this.link);
  }
}

function rowVersion(row: InboxRow) {
  return { kind: row.kind, availableTag: row.available_tag, availableDigest: row.available_digest };
}
