import { renderMail, type MailTemplate } from '../../server/services/mail-templates';

const TEMPLATES: MailTemplate[] = ['activation', 'invitation', 'password-reset', 'email-change', 'new-device', 'user-email-verification', 'sign-up-attempt'];
const LINK = 'https://app.example.com/account/x?userId=1&token=abc';

describe('default email templates', () => {
  it.each(TEMPLATES)('%s: a subject, an HTML part and a text part, with the name and the link', (template) => {
    const mail = renderMail(template, {
      name: 'Ada',
      link: LINK,
      tenantName: 'Acme',
      device: { ipAddress: '203.0.113.9', userAgent: 'Firefox', at: new Date('2026-11-26T00:00:00Z') },
    });
    expect(mail.subject.length).toBeGreaterThan(0);
    expect(mail.text).toContain('Hello Ada,');
    expect(mail.text).toContain(LINK);
    expect(mail.html).toContain('Hello Ada,');
    expect(mail.html).toContain(LINK.replace(/&/g, '&amp;'));
    expect(mail.html).toMatch(/^<!doctype html>/);
  });

  it('escapes the name in HTML', () => {
    const mail = renderMail('activation', { name: '<script>alert(1)</script>', link: LINK });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
  });

  it('the new-device notice says what signed in; the invitation names the account', () => {
    const device = renderMail('new-device', { name: 'Ada', link: LINK, device: { ipAddress: '203.0.113.9', userAgent: 'Firefox', at: new Date() } });
    expect(device.text).toContain('203.0.113.9');
    expect(device.text).toContain('Firefox');
    expect(renderMail('invitation', { name: 'Ada', link: LINK, tenantName: 'Acme' }).subject).toBe('You are invited to join Acme');
  });

  it('the sign-up attempt notice links to login and, in both parts, to choosing a new password', () => {
    const reset = 'https://app.example.com/account/forget-password';
    const mail = renderMail('sign-up-attempt', { name: 'Ada', link: 'https://app.example.com/account/login', passwordResetLink: reset });
    expect(mail.subject).toBe('Someone tried to sign up with your email address');
    expect(mail.text).toContain(reset);
    expect(mail.html).toContain(reset);
    expect(mail.text).toContain('no new one was made');
  });
});
