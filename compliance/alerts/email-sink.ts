import nodemailer, { type Transporter } from 'nodemailer';
import type { Alert } from './alert.js';
import { AlertDeliveryFailed, type AlertSink } from './sink.js';

export interface EmailSinkOptions {
  host: string;
  port: number;
  secure?: boolean;
  requireTLS?: boolean;
  from: string;
  to: string[];
  /** SMTP login; the password comes from the secrets. No username: no login. */
  username?: string;
  password?: string;
  subjectPrefix?: string;
  timeoutMs?: number;
}

/** The mail's text: what happened, then the figures. */
export function alertMailText(alert: Alert): string {
  const lines = [
    alert.title,
    '',
    alert.text,
    '',
    `Type: ${alert.type}`,
    `Severity: ${alert.severity}`,
    `At: ${alert.at}`,
    ...(alert.businessKey ? [`Business key: ${alert.businessKey}`] : []),
    ...(alert.itemId ? [`Item: ${alert.itemId}`] : []),
    `Alert id: ${alert.id}`,
  ];
  if (Object.keys(alert.facts).length > 0) lines.push('', 'Facts:', JSON.stringify(alert.facts, null, 2));
  return lines.join('\n') + '\n';
}

/** Alerts as e-mail over SMTP (nodemailer), one mail per alert to every recipient. */
export class EmailSink implements AlertSink {
  readonly name = 'email';
  private readonly transport: Transporter;

  constructor(private readonly o: EmailSinkOptions) {
    const timeout = o.timeoutMs ?? 15_000;
    this.transport = nodemailer.createTransport({
      host: o.host,
      port: o.port,
      secure: o.secure ?? false,
      requireTLS: o.requireTLS ?? false,
      auth: o.username ? { user: o.username, pass: o.password ?? '' } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(alert: Alert): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.o.from,
        to: this.o.to,
        subject: `${this.o.subjectPrefix ?? '[rpa]'} ${alert.severity.toUpperCase()}: ${alert.title}`,
        text: alertMailText(alert),
        headers: { 'X-Alert-Id': alert.id, 'X-Alert-Type': alert.type },
      });
    } catch (e) {
      throw new AlertDeliveryFailed(this.name, alert.id, e instanceof Error ? e.message : String(e));
    }
  }

  close(): void {
    this.transport.close();
  }
}
