export { DemoModule } from './demo.module.js';
export {
  startDemoIdentityProvider,
  DEMO_USERS,
  type DemoIdentityProvider,
  type DemoUser,
  type DemoClient,
} from './demo-identity-provider.js';
