import { InMemoryLegalHoldStore } from '../../functions/adapters/memory/legal-hold-store';
import { legalHoldStoreContract } from './legal-hold-store-contract';

const store = new InMemoryLegalHoldStore();
legalHoldStoreContract('in memory', () => store);
