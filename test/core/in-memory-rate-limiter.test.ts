import { InMemoryRateLimiter } from '../../functions/adapters/memory/rate-limiter';
import { rateLimiterContract } from './rate-limiter-contract';

rateLimiterContract('in memory', (clock) => new InMemoryRateLimiter(clock));
