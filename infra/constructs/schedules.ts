import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { handlerNames, handlers, type HandlerName, type HandlerSpec } from '../handlers';

export interface SchedulesProps {
  readonly functions: Record<HandlerName, IFunction>;
}

/** One EventBridge rate rule per handler row with `scheduleMinutes`. */
export class Schedules extends Construct {
  readonly rules: events.Rule[] = [];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    for (const name of handlerNames) {
      const spec: HandlerSpec = handlers[name];
      if (!spec.scheduleMinutes) continue;
      this.rules.push(
        new events.Rule(this, `${name}Schedule`, {
          description: `Runs the ${name} handler every ${spec.scheduleMinutes} minutes`,
          schedule: events.Schedule.rate(Duration.minutes(spec.scheduleMinutes)),
          // A missed run is covered by the next one; no retries pile up behind a slow run.
          targets: [new targets.LambdaFunction(props.functions[name], { retryAttempts: 0 })],
        }),
      );
    }
  }
}
