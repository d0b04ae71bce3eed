import type { TestProject } from 'vitest/node';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dynamodbEndpoint: string;
    tableName: string;
  }
}

let runtime: LocalRuntime | undefined;

export async function setup(project: TestProject) {
  runtime = await startLocalRuntime();
  project.provide('baseUrl', runtime.baseUrl);
  project.provide('dynamodbEndpoint', runtime.dynamodbEndpoint);
  project.provide('tableName', runtime.tableName);
}

export async function teardown() {
  await runtime?.stop();
}
