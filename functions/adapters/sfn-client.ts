import { SFNClient } from '@aws-sdk/client-sfn';
import { traced } from './tracer';

/** Created once per container; the SDK reads `AWS_REGION` and, locally, `AWS_ENDPOINT_URL_SFN` itself. */
export const sfnClient = traced(new SFNClient({}));
