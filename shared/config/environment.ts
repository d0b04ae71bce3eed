/** Configuration read from the environment once, at cold start; a missing variable fails fast. */
export interface Environment {
  readonly tableName: string;
  readonly region: string;
  /** Set by the local runtime to point at DynamoDB Local; unset in AWS. */
  readonly dynamodbEndpoint: string | undefined;
  /**
   * CONTACT_KEY_ARN: the KMS key that seals beneficiaries' contact data (AWS). Set by the CDK
   * stack only on the functions whose route seals or opens contact data.
   */
  readonly contactKeyArn: string | undefined;
  /**
   * CONTACT_LOCAL_KEY: base64 of the 32-byte AES key that seals contact data in the local
   * runtime (local/contact-key.ts). Ignored when CONTACT_KEY_ARN is set.
   */
  readonly contactLocalKey: string | undefined;
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
    // Checked where they are used (contactVaultFromEnvironment): most functions never need them.
    contactKeyArn: env.CONTACT_KEY_ARN || undefined,
    contactLocalKey: env.CONTACT_LOCAL_KEY || undefined,
  };
}
