import { describe, expect, it } from 'vitest';
import { problemMessage } from '../../web/js/problem.js';

// On AWS a few answers come from API Gateway itself, not problem+json (docs/contracts.md, "Errors API Gateway answers
// itself"): the pages and the console still say something a person can act on, from the status alone.
describe("API Gateway's own answers, as the pages word them", () => {
  it("the JWT authorizer's 401 asks to sign in again", () => {
    expect(problemMessage(401, { message: 'Unauthorized' })).toEqual({ message: 'Your sign-in has expired or is missing. Please sign in again.', fields: {} });
  });

  it("the stage's throttling asks to wait", () => {
    expect(problemMessage(429, { message: 'Too Many Requests' }).message).toBe('Too many requests just now. Please wait a moment and try again.');
  });

  it("an integration failure says it is on our side, never API Gateway's words", () => {
    expect(problemMessage(503, { message: 'Service Unavailable' }).message).toBe('Something went wrong on our side. Please try again in a moment.');
  });
});
