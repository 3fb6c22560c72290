export { SecretKeyModule } from './secret-key.module.js';
export { SecretKeyService } from './application/secret-key.service.js';
