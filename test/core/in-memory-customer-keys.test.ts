import { InMemoryCustomerKeyStore } from '../../functions/adapters/memory/customer-keys';
import { customerKeyStoreContract } from './field-cipher-contract';

const keys = new InMemoryCustomerKeyStore();
customerKeyStoreContract('in memory', () => keys);
