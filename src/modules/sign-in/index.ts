export { SignInModule } from './sign-in.module.js';
export { SignInSettingsService } from './application/sign-in-settings.service.js';
export { defaultSignInSettings, type SignInSettings } from './domain/sign-in-settings.js';
export { isEmailDomainAllowed } from './domain/email-domain.js';
export { validateSignInSettings, type SignInSettingsView } from './domain/sign-in-settings.js';
export { parseDomainList } from './domain/email-domain.js';
export {
  backdoorOpens,
  decideBackdoorAccount,
  type BackdoorAccount,
  type BackdoorAccountDecision,
  type BackdoorRefusal,
} from './domain/backdoor.js';
export { adminRoleOf, isSignInRecentEnough, type AdminGroups, type AdminRole } from './domain/admin-access.js';
export { SignInSettingsDto } from './http/sign-in-settings.dto.js';
