import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { claimDueMessages, insertOutboxMessage, markAttemptFailed, markDelivered, releaseClaims, type OutboxRow } from '../repositories/email-outbox';
import { renderMail, type MailTemplate, type TemplateInput } from './mail-templates';

/** How long a claimed message stays out of other processes' reach while it is being sent. */
const LEASE_MS = 2 * 60_000;
const BATCH = 20;
const MAX_RETRY_MS = 3_600_000;

/**
 * Email. `enqueue` writes the message to the outbox in the caller's transaction, so a rolled-back
 * change sends nothing; once that transaction commits, the dispatcher is woken. The dispatcher also
 * polls, and any number of server processes may run one: rows are claimed with `skip locked`.
 * With `NESTEGG_SMTP_URL` a message goes out over SMTP (a failure is kept on the row and retried with
 * back-off); without it, the message stays in the outbox and its recipient and template are logged
 * (never its body: it holds a one-time link). Nothing here ever fails or delays an API call.
 */
export function createMail(deps: { db: Db; logger: Logger; config: Pick<Config, 'mail'> }) {
  const { db, logger } = deps;
  const settings = deps.config.mail;
  // Bounded waits, so that a mail server that hangs holds up neither the queue nor shutdown for long.
  const transporter: Transporter | undefined = settings.smtpUrl
    ? nodemailer.createTransport({ url: settings.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
    : undefined;
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  function retryDelay(attempts: number): number {
    return Math.min(settings.retryBaseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
  }

  async function deliver(message: OutboxRow): Promise<void> {
    const log = { mailId: message.id, template: message.template, recipient: message.recipient, attempt: message.attempts };
    if (!transporter) {
      await markDelivered(db, message.id, 'outbox');
      logger.info(log, 'email kept in the outbox (no NESTEGG_SMTP_URL)');
      return;
    }
    try {
      await transporter.sendMail({ from: settings.from, to: message.recipient, subject: message.subject, html: message.html, text: message.text });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const giveUp = message.attempts >= settings.maxAttempts;
      await markAttemptFailed(db, message.id, reason.slice(0, 2000), giveUp ? null : retryDelay(message.attempts));
      logger.warn({ ...log, error: reason }, giveUp ? 'email failed: giving up' : 'email failed: will retry');
      return;
    }
    await markDelivered(db, message.id, 'sent');
    logger.info(log, 'email sent');
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        const batch = await claimDueMessages(db, BATCH, LEASE_MS);
        if (batch.length === 0) break;
        for (const [index, message] of batch.entries()) {
          if (stopped) {
            // Stopping gives the rest of the batch back at once, for another process to send.
            await releaseClaims(
              db,
              batch.slice(index).map((unsent) => unsent.id),
            );
            return;
          }
          await deliver(message);
        }
      }
    } while (again && !stopped);
  }

  /** Runs the dispatcher now, or once more after the current run. Never throws. */
  function wake(): void {
    if (stopped || !settings.dispatch) return;
    if (draining) {
      again = true;
      return;
    }
    draining = drain()
      .catch((error: unknown) => logger.error({ error: error instanceof Error ? error.message : String(error) }, 'email dispatcher failed'))
      .finally(() => {
        draining = undefined;
      });
  }

  return {
    /**
     * Queues one email in `trx` (the caller's transaction, or the database). It is sent after the
     * transaction commits; if it rolls back, the message never existed. A user known by a username
     * alone has no address (`to` null): nothing is sent.
     */
    async enqueue(trx: Db, to: string | null, template: MailTemplate, input: TemplateInput): Promise<void> {
      if (to === null) return;
      const rendered = renderMail(template, input);
      await insertOutboxMessage(trx, { id: randomUUID(), template, recipient: to, ...rendered });
      const committed = trx.isTransaction ? (trx as Db & { executionPromise?: Promise<unknown> }).executionPromise : undefined;
      if (committed) committed.then(wake, () => undefined);
      else wake();
    },

    /** Starts polling for due messages (and sends what is due now). */
    start(): void {
      if (timer || stopped || !settings.dispatch) return;
      timer = setInterval(wake, settings.pollIntervalMs);
      timer.unref();
      wake();
    },

    /** Sends whatever is due now; resolves when the dispatcher is idle. For tests and shutdown. */
    async flush(): Promise<void> {
      wake();
      while (draining) await draining;
    },

    /** Stops polling and waits for the send in progress; the rest waits in the outbox for the next start. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      while (draining) await draining;
      transporter?.close();
    },
  };
}

export type Mail = ReturnType<typeof createMail>;
