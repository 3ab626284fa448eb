import { InMemoryFinanceStore } from '../../functions/adapters/memory/finance-store';
import { financeStoreContract } from './finance-store-contract';

const store = new InMemoryFinanceStore();
financeStoreContract('in memory', () => store);
