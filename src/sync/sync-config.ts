import { z } from 'zod';

/**
 * The `sources` of `seam.config.json`: where `seam sync` (and `seam serve --config`) keeps documents current
 * from. Every source has a name (its documents' ids start with it, except a folder's) and a kind; unknown
 * keys are refused like everywhere else in the config. Secrets never sit in the file: a source names the
 * environment variables that hold them.
 */

const role = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'role names use letters, digits, . _ @ or -');
const roles = z
  .array(role, { error: 'must be a list of roles, e.g. ["support"]' })
  .min(1, 'must list at least one role');
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name, e.g. ZENDESK_API_TOKEN');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const common = {
  /** Lower case; the prefix of the ids of its documents (`help/refunds`), and the webhook's path. */
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -'),
  /** The collection its documents go in (default: the source's name). */
  collection: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be one word such as policy')
    .optional(),
  /** Roles that may read its documents (default: everyone, except where the upstream restricts an article). */
  acl: roles.optional(),
  /** Seconds between polls when running continuously (default: `sync.poll_seconds`). */
  poll_seconds: z.number().positive().max(86_400).optional(),
};

export const folderSourceSchema = z
  .object({
    ...common,
    kind: z.literal('folder'),
    /** The folder, relative to the config file. Its .md, .txt, .html, .pdf and .docx files are synced. */
    path: z.string().min(1, 'must not be empty'),
    /** Quiet time after a change before the file is read (editors write in several steps). */
    debounce_ms: z.int().min(0).max(10_000).default(150),
  })
  .strict();

export const websiteSourceSchema = z
  .object({
    ...common,
    kind: z.literal('website'),
    /** A sitemap (or sitemap index): its pages are the site. */
    sitemap: httpUrl.optional(),
    /** Or a start page: pages are found by following links on the same origin. */
    start_url: httpUrl.optional(),
    /** At most this many HTTP requests per run (robots.txt, sitemaps and pages together). */
    max_requests: z.int().positive().default(20_000),
    /** At most this many pages. */
    max_pages: z.int().positive().default(10_000),
    /** Requests in flight at once. */
    concurrency: z.int().min(1).max(64).default(8),
    user_agent: z.string().min(1).default('SeamSync/0.1'),
    /** Keep only each page's main content (navigation, header, footer, banners removed). */
    main_content: z.boolean().default(true),
    timeout_ms: z.int().positive().default(15_000),
  })
  .strict()
  .refine((source) => (source.sitemap === undefined) !== (source.start_url === undefined), {
    message: "needs either 'sitemap' or 'start_url' (one of them)",
  });

export const zendeskSourceSchema = z
  .object({
    ...common,
    kind: z.literal('zendesk'),
    /** `https://{subdomain}.zendesk.com`. */
    base_url: httpUrl,
    /** With an API token: the agent's email (Basic `{email}/token:{token}`); without, the token is an OAuth bearer. */
    email: z.string().min(3).optional(),
    token_env: envName.default('ZENDESK_API_TOKEN'),
    /** The webhook's signing secret, for `POST /sync/{name}/webhook`. */
    webhook_secret_env: envName.optional(),
    /** Only articles in this locale (default: every locale). */
    locale: z.string().min(2).optional(),
    /**
     * User segment id → Seam roles. An article restricted to a segment not listed here is readable by the
     * role `{name}-segment-{id}` only (which no principal holds until you grant it): never public.
     */
    segments: z.record(z.string().regex(/^\d+$/, 'must be a user segment id'), roles).default({}),
    timeout_ms: z.int().positive().default(15_000),
  })
  .strict();

export const intercomSourceSchema = z
  .object({
    ...common,
    kind: z.literal('intercom'),
    base_url: httpUrl.default('https://api.intercom.io'),
    token_env: envName.default('INTERCOM_ACCESS_TOKEN'),
    /** The app's client secret, which signs webhook notifications (`X-Hub-Signature`). */
    client_secret_env: envName.optional(),
    /** Article tag → Seam roles: an article carrying such a tag is readable by those roles only. */
    tag_roles: z.record(z.string().min(1), roles).default({}),
    timeout_ms: z.int().positive().default(15_000),
  })
  .strict();

export const sourceSchema = z.discriminatedUnion('kind', [
  folderSourceSchema,
  websiteSourceSchema,
  zendeskSourceSchema,
  intercomSourceSchema,
]);

export const syncSettingsSchema = z
  .object({
    /** Seconds between polls of each source when running continuously (a folder is also watched). */
    poll_seconds: z.number().positive().max(86_400).default(60),
  })
  .strict();

export type SourceConfig = z.output<typeof sourceSchema>;
export type FolderSource = z.output<typeof folderSourceSchema>;
export type WebsiteSource = z.output<typeof websiteSourceSchema>;
export type ZendeskSource = z.output<typeof zendeskSourceSchema>;
export type IntercomSource = z.output<typeof intercomSourceSchema>;
export type SyncSettings = z.output<typeof syncSettingsSchema>;
