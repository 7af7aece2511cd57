/** The default emails. Each has a subject, a plain HTML part and a text part, and greets the user by name. */
export type MailTemplate =
  | 'activation'
  | 'invitation'
  | 'password-reset'
  | 'email-change'
  | 'new-device'
  | 'user-email-verification'
  | 'unlock'
  | 'sign-up-attempt';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface TemplateInput {
  name: string;
  link: string;
  /** A code to type instead of following the link (activation, email change, email verification). */
  code?: string;
  /** How long the link works, when the environment sets it (activation, invitation); else the default is said. */
  expiresInSeconds?: number;
  /** Invitation: the account the user is invited to. */
  tenantName?: string;
  /** Sign-up attempt: where to choose a new password, besides the login link. */
  passwordResetLink?: string;
  /** New-device notice: what signed in. */
  device?: { ipAddress?: string; userAgent?: string; at: Date };
}

/** A lifetime in words: whole days, else whole hours, else minutes. */
function duration(seconds: number): string {
  const unit = (count: number, name: string) => `${count} ${name}${count === 1 ? '' : 's'}`;
  if (seconds >= 86_400 && seconds % 86_400 === 0) return unit(seconds / 86_400, 'day');
  if (seconds >= 3_600 && seconds % 3_600 === 0) return unit(seconds / 3_600, 'hour');
  return unit(Math.max(1, Math.round(seconds / 60)), 'minute');
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

interface Parts {
  subject: string;
  lines: string[];
  action: string;
  after: string[];
}

function parts(template: MailTemplate, input: TemplateInput): Parts {
  switch (template) {
    case 'activation':
      return {
        subject: 'Activate your account',
        lines: ['Your account is ready. Activate it to start using it.'],
        action: 'Activate my account',
        after: [
          ...(input.code ? [`Or enter this code: ${input.code}`] : []),
          `The link works once and expires in ${duration(input.expiresInSeconds ?? 7 * 86_400)}.`,
        ],
      };
    case 'invitation':
      return {
        subject: input.tenantName ? `You are invited to join ${input.tenantName}` : 'You are invited',
        lines: [input.tenantName ? `You have been invited to join ${input.tenantName}.` : 'You have been invited to join an account.'],
        action: 'Accept the invitation',
        after: [
          ...(input.code ? [`Or enter this code: ${input.code}`] : []),
          `The link works once and expires in ${duration(input.expiresInSeconds ?? 7 * 86_400)}.`,
        ],
      };
    case 'password-reset':
      return {
        subject: 'Reset your password',
        lines: ['Someone asked to reset the password of your account. If it was you, choose a new one.'],
        action: 'Choose a new password',
        after: ['The link works once and expires in 1 hour. If you did not ask for this, ignore this email.'],
      };
    case 'email-change':
      return {
        subject: 'Confirm your new email address',
        lines: ['Confirm that this is the new email address of your account.'],
        action: 'Confirm my email address',
        after: [
          ...(input.code ? [`Or enter this code: ${input.code}`] : []),
          'The link works once and expires in 1 hour. If you did not ask for this, ignore this email.',
        ],
      };
    case 'user-email-verification':
      return {
        subject: 'Verify your email address',
        lines: ['This address was added to your account. Verify that it is yours.'],
        action: 'Verify my email address',
        after: [
          ...(input.code ? [`Or enter this code: ${input.code}`] : []),
          'The link works once and expires in 24 hours. If you did not ask for this, ignore this email.',
        ],
      };
    case 'unlock':
      return {
        subject: 'Your account is locked',
        lines: ['Your account was locked to protect it. Unlock it to sign in again.'],
        action: 'Unlock my account',
        after: ['The link works once and expires in 24 hours. If you did not try to sign in, change your password after unlocking.'],
      };
    case 'sign-up-attempt':
      return {
        subject: 'Someone tried to sign up with your email address',
        lines: [
          'Someone just tried to create a new account with this email address. This address already has an account, so no new one was made.',
          'If it was you, log in to your existing account.',
        ],
        action: 'Log in',
        after: [
          ...(input.passwordResetLink ? [`Forgot your password? Choose a new one: ${input.passwordResetLink}`] : []),
          'If it was not you, you can ignore this email: nothing has changed in your account.',
        ],
      };
    case 'new-device': {
      const device = input.device;
      const details = [
        device ? `When: ${device.at.toISOString()}` : undefined,
        device?.ipAddress ? `IP address: ${device.ipAddress}` : undefined,
        device?.userAgent ? `Browser or app: ${device.userAgent}` : undefined,
      ].filter((line): line is string => line !== undefined);
      return {
        subject: 'New sign-in to your account',
        lines: ['Your account was just signed in to from a new device.', ...details],
        action: 'Review my account',
        after: ['If this was not you, change your password now.'],
      };
    }
  }
}

export function renderMail(template: MailTemplate, input: TemplateInput): RenderedMail {
  const { subject, lines, action, after } = parts(template, input);
  const greeting = input.name ? `Hello ${input.name},` : 'Hello,';
  const text = [greeting, '', ...lines, '', `${action}: ${input.link}`, '', ...after, ''].join('\n');
  const paragraph = (line: string) => `<p>${escapeHtml(line)}</p>`;
  const html = [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; color: #222; max-width: 36em;">',
    paragraph(greeting),
    ...lines.map(paragraph),
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(action)}</a></p>`,
    `<p style="font-size: 0.9em; color: #555;">Or open this address: ${escapeHtml(input.link)}</p>`,
    ...after.map(paragraph),
    '</body></html>',
    '',
  ].join('\n');
  return { subject, html, text };
}
