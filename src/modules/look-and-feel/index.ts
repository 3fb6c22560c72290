export { LookAndFeelModule } from './look-and-feel.module.js';
export { PageRenderer, type RenderContext, type TemplateFailure, type CustomisablePageModels } from './page-renderer.js';
export { LookAndFeelService } from './look-and-feel.service.js';
export { Pages } from './pages.js';
export { LookAndFeelErrorPageRenderer, errorPageModelFor } from './look-and-feel-error-page.renderer.js';
export { pageSecurityHeaders, createNonce } from './security-headers.js';
export { defaultErrorMessage, isKnownErrorCode, KNOWN_ERROR_CODES, type ErrorText } from './error-messages.js';
export { DEFAULT_LOOK_AND_FEEL, isRedirectTarget, type HomeLink, type LookAndFeelSettings } from './look-and-feel.settings.js';
export { linksFor } from './domain/home-links.js';
export { safeUrl } from './safe-url.js';
export { SAMPLE_LOGIN, SAMPLE_ERROR, SAMPLE_LOGOUT, SAMPLE_HOME, SAMPLE_TEST_RESULT, SAMPLE_BACKDOOR } from './sample-models.js';
export type {
  ProviderButton,
  LoginPageModel,
  ErrorPageModel,
  ForbiddenPageModel,
  LogoutPageModel,
  LogoutConfirmPageModel,
  HomePageModel,
  TestResultPageModel,
  BackdoorPageModel,
  CustomisablePage,
} from './page-models.js';
export { LookAndFeelDto } from './look-and-feel.dto.js';
