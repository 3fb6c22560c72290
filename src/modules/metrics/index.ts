export { MetricsModule } from './metrics.module.js';
export {
  MetricsService,
  type BackdoorOutcome,
  type ForwardAuthOutcome,
  type LoginOutcome,
  type ProviderErrorKind,
} from './metrics.service.js';
