import { z } from 'zod';

/** The board's roles, least to most (admin may do everything). `queue/board/routes.ts` re-exports them. */
export const BOARD_ROLES = ['viewer', 'operator', 'handler', 'approver', 'admin'] as const;

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64 (what `rpa user add` writes). */
export const SCRYPT_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/;

const boardUser = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'letters, digits and . _ @ - (at most 64)'),
  /** Written by `rpa user add`; never a password. */
  passwordHash: z.string().regex(SCRYPT_HASH, 'an scrypt hash written by `rpa user add` (scrypt$N$r$p$salt$hash)'),
  roles: z.array(z.enum(BOARD_ROLES)).min(1),
});

/** `board`: the web app for operators and exception handlers (queue/board/). */
export const boardSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(4020),
    /** Serve HTTPS with these PEM files; session cookies are then Secure. */
    tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
    /** Secure cookies although the board itself speaks HTTP (behind a TLS-terminating proxy). Default: only with `tls`. */
    secureCookies: z.boolean().optional(),
    /** Name of the secret that signs session cookies (HMAC-SHA256): never the key itself. */
    sessionKeySecret: z.string().min(1).default('board/session-key'),
    users: z
      .array(boardUser)
      .default([])
      .superRefine((users, ctx) => {
        const seen = new Set<string>();
        users.forEach((u, i) => {
          if (seen.has(u.username)) ctx.addIssue({ code: 'custom', path: [i, 'username'], message: `a user name used once (${u.username} is there twice)` });
          seen.add(u.username);
        });
      }),
    /** How long an exception may stay open before the inbox shows it as overdue. */
    slaHours: z.number().positive().default(24),
    /** Largest request body (a dispatched file included); larger requests are refused with 413. */
    maxBodyBytes: z.number().int().positive().default(50 * 1024 * 1024),
    session: z
      .strictObject({
        /** A session not used for this long ends. */
        idleMinutes: z.number().positive().default(30),
        /** A session ends this long after sign-in however busy. */
        maxAgeHours: z.number().positive().default(12),
      })
      .prefault({}),
    /** Failed sign-ins slow down the name and address that made them (see queue/board/auth/sign-in-throttle.ts); nobody is locked out from elsewhere. */
    signInThrottle: z
      .strictObject({
        /** Failed sign-ins for one name from one address before each further attempt must wait. */
        freeFailures: z.number().int().positive().default(3),
        /** Failed sign-ins from one address, whatever the names, before it must wait. */
        addressFreeFailures: z.number().int().positive().default(20),
        /** The first wait; each further failure doubles it. */
        baseDelaySeconds: z.number().positive().default(1),
        /** The longest wait. */
        maxDelayMinutes: z.number().positive().default(15),
        /** Failures are forgotten this long after the last one. */
        windowMinutes: z.number().positive().default(60),
      })
      .prefault({}),
  });

export type BoardConfig = z.infer<typeof boardSchema>;
export type BoardUserConfig = z.infer<typeof boardUser>;
