import { z } from 'zod';

export const THEMES = ['light', 'dark', 'auto'] as const;

/** Poll interval bounds: registries rate-limit, so not faster than 5 minutes; at least once a week. */
export const POLL_INTERVAL_MIN_MINUTES = 5;
export const POLL_INTERVAL_MAX_MINUTES = 7 * 24 * 60;

/** Replaced containers kept per container after an update, at most. */
export const KEEP_OLD_CONTAINERS_MAX = 5;

export const settingsSchema = z.object({
  theme: z.enum(THEMES),
  defaultPollIntervalMinutes: z.int().min(POLL_INTERVAL_MIN_MINUTES).max(POLL_INTERVAL_MAX_MINUTES),
  closeToTray: z.boolean(),
  /** Watch containers without any enable label (diun.enable / wud.watch). */
  watchByDefault: z.boolean(),
  /** Offer pre-release tags (`2.0.0-rc1`) as newer versions. */
  includePrereleases: z.boolean(),
  /** A desktop notification when updates are detected. */
  desktopNotifications: z.boolean(),
  /**
   * After a successful update, how many replaced containers of each container stay on the host, stopped,
   * for an instant manual rollback (0: the replaced container is removed).
   */
  keepOldContainers: z.int().min(0).max(KEEP_OLD_CONTAINERS_MAX),
  /** Workloads: the domain their subdomains live under (a wildcard DNS record points at the proxy). */
  workloadDomain: z
    .string()
    .trim()
    .max(200)
    .regex(
      /^$|^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/,
      'Expected a domain like example.com',
    ),
  /** Workloads: the Docker network instances and the proxy share (created when missing). */
  workloadNetwork: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Expected a network name'),
  /** A stage's subdomain: `{stage}` and `{project}` are replaced. */
  subdomainPattern: z.string().trim().min(1).max(200).includes('{project}'),
  /** A stage with several instances gives each its own subdomain; `{tag}` is made DNS-safe. */
  tagSubdomainPattern: z.string().trim().min(1).max(200).includes('{tag}'),
});

export const DEFAULT_SETTINGS: Settings = {
  theme: 'auto',
  defaultPollIntervalMinutes: 6 * 60,
  closeToTray: true,
  watchByDefault: true,
  includePrereleases: false,
  desktopNotifications: true,
  keepOldContainers: 0,
  workloadDomain: '',
  workloadNetwork: 'tidewatch',
  subdomainPattern: '{stage}-{project}',
  tagSubdomainPattern: '{stage}-{project}-{tag}',
};

/** An update names only the fields it changes; unknown fields are refused, not ignored. */
export const settingsPatchSchema = settingsSchema.partial().strict();

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
export type Theme = Settings['theme'];
