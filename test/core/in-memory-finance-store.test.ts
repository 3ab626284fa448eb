import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { InMemoryFinanceStore } from '../../functions/adapters/memory/finance-store';
import { financeStoreContract } from './finance-store-contract';

const cases = new InMemoryCaseStore();
const store = new InMemoryFinanceStore(undefined, cases);
financeStoreContract('in memory', () => store, () => cases);
