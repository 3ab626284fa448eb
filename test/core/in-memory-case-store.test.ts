import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { erasureContract } from './erasure-contract';
import { caseStoreContract } from './case-store-contract';

const store = new InMemoryCaseStore();
caseStoreContract('in memory', () => store);
erasureContract('in memory', () => store);
