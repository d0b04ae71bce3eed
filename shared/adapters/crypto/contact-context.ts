/**
 * The encryption context every sealed contact carries, in a module of its own so that the
 * CDK app can write the same value into its KMS policy conditions without loading the
 * Encryption SDK.
 */

/** The `purpose` entry of a contact's encryption context (and `kms:EncryptionContext:purpose`). */
export const CONTACT_PURPOSE = 'jisr-contact';

/** `{ purpose, needId }`: KMS and the SDK bind the wrapped data key and the message to it. */
export const contactEncryptionContext = (needId: string) => ({ purpose: CONTACT_PURPOSE, needId });
