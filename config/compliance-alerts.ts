import { z } from 'zod';

/** How serious an alert or a rule hit is, lowest first. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const severity = z.enum(SEVERITIES);

/** The sinks an alert can go to. `log` and `feed` need no settings; `webhook` and `email` need their section. */
export const ALERT_SINKS = ['log', 'feed', 'webhook', 'email'] as const;

const route = z.strictObject({
  /** Alert types this route takes; `*` matches any run of characters (`aml:*`, `sanctions-*`, `*`). */
  types: z.array(z.string().min(1)).min(1).default(['*']),
  /** Alerts below this severity do not take this route. */
  minSeverity: severity.default('info'),
  sinks: z.array(z.enum(ALERT_SINKS)).min(1),
});

const webhook = z.strictObject({
  url: z.url(),
  /** Name of the secret that holds the HMAC-SHA256 key (RPA_SECRET_ALERTS_WEBHOOK): never the key itself. */
  secret: z.string().min(1).default('alerts/webhook'),
  /** Deliveries tried before the alert goes to the dead-letter list. */
  attempts: z.number().int().positive().default(5),
  /** First delay between attempts; doubles each attempt, capped at maxBackoffMs. */
  backoffMs: z.number().int().positive().default(1_000),
  maxBackoffMs: z.number().int().positive().default(60_000),
  /** Fraction of each delay randomised (0..1). */
  backoffJitter: z.number().min(0).max(1).default(0.5),
  /** One attempt is abandoned after this long. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Dead letters kept at most (oldest dropped first). */
  deadLetterMax: z.number().int().positive().default(10_000),
});

const email = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** Refuse to send unless the server offers STARTTLS (ignored when secure). */
  requireTLS: z.boolean().default(false),
  from: z.string().min(1),
  to: z.array(z.email()).min(1),
  /** SMTP user name; its password is the secret named by passwordSecret. No username: no login. */
  username: z.string().min(1).optional(),
  passwordSecret: z.string().min(1).default('alerts/smtp'),
  subjectPrefix: z.string().default('[rpa]'),
  timeoutMs: z.number().int().positive().default(15_000),
});

/** `compliance.alerts`: where alerts go, by severity and type, and how often the same one may go. */
export const complianceAlerts = z
  .strictObject({
    /** The same alert (type + business key, or its own dedup key) is sent once within this window, across workers. */
    dedupWindowMs: z.number().int().positive().default(3_600_000),
    routes: z.array(route).default(() => [{ types: ['*'], minSeverity: 'info' as const, sinks: ['log' as const, 'feed' as const] }]),
    feed: z
      .strictObject({
        /** Entries kept in the Redis stream (approximately: XADD MAXLEN ~). */
        maxLength: z.number().int().positive().default(10_000),
      })
      .prefault({}),
    webhook: webhook.optional(),
    email: email.optional(),
  })
  .superRefine((c, ctx) => {
    c.routes.forEach((r, i) =>
      r.sinks.forEach((s, j) => {
        if ((s === 'webhook' || s === 'email') && !c[s]) {
          ctx.addIssue({ code: 'custom', path: ['routes', i, 'sinks', j], message: `sink "${s}" is routed to but compliance.alerts.${s} is not configured` });
        }
      }),
    );
  });

export type Severity = z.infer<typeof severity>;
export type AlertSinkName = (typeof ALERT_SINKS)[number];
export type AlertRouteConfig = z.infer<typeof route>;
export type WebhookConfig = z.infer<typeof webhook>;
export type EmailConfig = z.infer<typeof email>;
export type ComplianceAlertsConfig = z.infer<typeof complianceAlerts>;
