import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { caseStoreContract } from './case-store-contract';

const store = new InMemoryCaseStore();
caseStoreContract('in memory', () => store);
