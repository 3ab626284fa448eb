import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StepUpStore } from '../core/ports';
import { StepUpChallengeSchema, StepUpVerificationSchema, type StepUpChallenge, type StepUpVerification } from '../domain/identity/step-up';

/**
 * Step-up items in the case table: `STEPUP#<case id>` / `CHALLENGE` (the code's salted hash, attempts, lock-out;
 * expires a day after issue) and `STEPUP#<case id>` / `VERIFIED` (when and how the customer last proved control
 * of the case's email, kept with the case).
 */
const pk = (caseId: string) => `STEPUP#${caseId}`;
const DAY = 86_400;

export class DynamoStepUpStore implements StepUpStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async challenge(caseId: string): Promise<StepUpChallenge | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: pk(caseId), sk: 'CHALLENGE' }, ConsistentRead: true }));
    return out.Item ? StepUpChallengeSchema.parse(out.Item.challenge) : undefined;
  }

  async saveChallenge(next: StepUpChallenge, previous: StepUpChallenge | undefined): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pk(next.caseId), sk: 'CHALLENGE', entity: 'step-up', challenge: next, expiresAt: Math.floor(Date.parse(next.issuedAt) / 1000) + DAY },
          ...(previous
            ? { ConditionExpression: 'challenge.issuedAt = :issued AND challenge.attempts = :attempts', ExpressionAttributeValues: { ':issued': previous.issuedAt, ':attempts': previous.attempts } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async verification(caseId: string): Promise<StepUpVerification | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: pk(caseId), sk: 'VERIFIED' } }));
    return out.Item ? StepUpVerificationSchema.parse(out.Item.verification) : undefined;
  }

  async saveVerification(caseId: string, verification: StepUpVerification): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: pk(caseId), sk: 'VERIFIED', entity: 'step-up', verification } }));
  }
}
