/** Configuration read from the environment once, at cold start; a missing variable fails fast. */
export interface Environment {
  readonly tableName: string;
  readonly region: string;
  /** Set by the local runtime to point at DynamoDB Local; unset in AWS. */
  readonly dynamodbEndpoint: string | undefined;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const tableName = env.TABLE_NAME;
  if (tableName === undefined || tableName === '') {
    throw new Error('TABLE_NAME is not set: the function cannot know which table to use');
  }
  return {
    tableName,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-central-1',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
  };
}
