import type { StepUpStore } from '../../core/ports';
import type { StepUpChallenge, StepUpVerification } from '../../domain/identity/step-up';

/** Step-up challenges in memory, with the DynamoDB store's conditional save. */
export class InMemoryStepUpStore implements StepUpStore {
  private readonly challenges = new Map<string, StepUpChallenge>();
  private readonly verifications = new Map<string, StepUpVerification>();

  async challenge(caseId: string) {
    const c = this.challenges.get(caseId);
    return c && structuredClone(c);
  }

  async saveChallenge(next: StepUpChallenge, previous: StepUpChallenge | undefined): Promise<boolean> {
    const stored = this.challenges.get(next.caseId);
    if (stored?.issuedAt !== previous?.issuedAt || stored?.attempts !== previous?.attempts) return false;
    this.challenges.set(next.caseId, structuredClone(next));
    return true;
  }

  async verification(caseId: string) {
    const v = this.verifications.get(caseId);
    return v && structuredClone(v);
  }

  async saveVerification(caseId: string, verification: StepUpVerification) {
    this.verifications.set(caseId, structuredClone(verification));
  }
}
