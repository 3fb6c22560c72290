export { AppConfig } from './app-config.js';
export { parseConfig, isCidr, type Config, type ConfigResult, type LogLevel } from './config.js';
export { ConfigurationError } from './configuration-error.js';
export { loadEnvFile } from './env-file.js';
