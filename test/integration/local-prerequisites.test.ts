// What `npm start` checks before it starts anything: Java for DynamoDB Local, named in one clear line.
import { afterEach, describe, expect, it } from 'vitest';
import { checkJava, JAVA_MISSING } from '../../local/dynamodb';

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

describe('checkJava', () => {
  it('passes on this machine (Java 17+ is installed)', () => {
    expect(() => checkJava()).not.toThrow();
  });

  it('says what to install when java is not on PATH', () => {
    process.env.PATH = '/nonexistent';
    expect(() => checkJava()).toThrow(JAVA_MISSING);
    expect(JAVA_MISSING).not.toContain('\n');
    expect(JAVA_MISSING).toMatch(/Java 17/);
  });
});
