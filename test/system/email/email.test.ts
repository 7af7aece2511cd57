import { activationCases } from './activation.cases';
import { bulkInviteCases } from './bulk-invite.cases';
import { emailChangeCases } from './email-change.cases';
import { invitationCases } from './invitations.cases';
import { journeyCases } from './journey.cases';
import { lockoutCases } from './lockout.cases';
import { outboxCases } from './outbox.cases';
import { passwordResetCases } from './password-reset.cases';
import { passwordResetSecurityCases } from './password-reset-security.cases';
import { signUpCases } from './sign-up.cases';
import { userEmailsCases } from './user-emails.cases';
import { unlockCases } from './unlock.cases';

// Every test that sends email, in one file so that they run one after another: on PostgreSQL all test
// servers share one outbox, and a dispatcher of one test would send another test's messages to its
// own SMTP server. (Servers of other test files do not send: test/support/server.ts turns them off.)
activationCases();
emailChangeCases();
userEmailsCases();
outboxCases();
invitationCases();
bulkInviteCases();
unlockCases();
lockoutCases();
passwordResetCases();
passwordResetSecurityCases();
signUpCases();
journeyCases();
