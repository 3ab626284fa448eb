import { customerIndexUnder } from '../../functions/adapters/customer-index';
import { customerKey } from '../../functions/domain/customer-key';
import type { CustomerKeys } from '../../functions/core/ports';

/** The customer index secret of the tests (test/api/events.ts passes the same one to the handlers as `CUSTOMER_INDEX_SECRET`). */
export const TEST_CUSTOMER_INDEX_SECRET = 'test-customer-index-secret-of-at-least-32-characters';
export const testCustomerIndex = customerIndexUnder(TEST_CUSTOMER_INDEX_SECRET);
/** A customer's blind index under the tests' secret. */
export const testCustomerKey = (email: string): string => customerKey(TEST_CUSTOMER_INDEX_SECRET, email);
/** The keys a store under {@link testCustomerIndex} looks a customer up under (blind index, then the old hash). */
export const testCustomerKeys = (email: string): Promise<CustomerKeys> => testCustomerIndex.keysOf(email);
