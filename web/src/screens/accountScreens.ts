// Members, invitations, passwords, profile and email settings: visited now
// and then, so the router loads them on demand as one chunk.
export { AcceptInviteScreen } from './AcceptInviteScreen'
export { ConfirmEmailScreen } from './ConfirmEmailScreen'
export { EmailSettingsScreen } from './EmailSettingsScreen'
export { ForgotPasswordScreen } from './ForgotPasswordScreen'
export { MembersScreen } from './MembersScreen'
export { ProfileScreen } from './ProfileScreen'
export { ResetPasswordScreen } from './ResetPasswordScreen'
