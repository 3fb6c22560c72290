import { validateAsList } from '../../../common/validation.js';
import type { ProviderService, ProviderValidation } from '../application/provider.service.js';
import { CreateProviderDto } from './provider.dto.js';

/**
 * Everything the admin API would refuse a provider for — the DTO rules, the provider rules, then
 * the network checks — as a list (a configuration import reports every problem at once).
 */
export async function readProviderDocument(value: unknown, providers: ProviderService): Promise<ProviderValidation> {
  const shape = await validateAsList(CreateProviderDto, value);
  return shape.ok ? providers.validate({ ...shape.value }) : shape;
}
