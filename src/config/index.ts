export { AppConfig } from './app-config.js';
export { parseConfig, isCidr, type Config, type ConfigResult, type LogLevel } from './config.js';
export { loadEnvFile } from './env-file.js';
