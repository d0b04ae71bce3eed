/**
 * Beneficiaries' contact data (name, phone), sealed with envelope encryption by the AWS
 * Encryption SDK: every contact gets its own data key, wrapped by a KMS key in AWS
 * (KmsKeyringNode, CONTACT_KEY_ARN) or by a local AES-256 key in the local runtime
 * (RawAesKeyringNode, CONTACT_LOCAL_KEY). The sealed form is the SDK's message, base64.
 *
 * The need id is bound into the encryption context, so a contact sealed for one need does
 * not open as another's (the SDK authenticates the context but does not compare it with
 * anything on decrypt: open() does). The context is stored in clear in the message header:
 * it holds the purpose and the need id, never personal data.
 *
 * Algorithm suite: committing and signed (AES-256-GCM, HKDF-SHA512, key commitment, ECDSA
 * P-384), the SDK's default under REQUIRE_ENCRYPT_REQUIRE_DECRYPT, pinned here and checked
 * on open. Sealing and opening are done by different functions with different KMS rights
 * (GenerateDataKey vs Decrypt); the signature means a function that may only open contacts
 * cannot forge one either (with an unsigned suite, anyone holding a data key could).
 */
// The SDK's parts, not @aws-crypto/client-node: that package also re-exports the hierarchical
// keyring (with the DynamoDB branch keystore), the caching materials manager and the RSA
// keyring, which esbuild then cannot drop; these five keep the bundles ~110 KB smaller.
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import {
  AlgorithmSuiteIdentifier,
  type ClientOptions,
  CommitmentPolicy,
  type KeyringNode,
} from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import type { ContactVault } from '../../application/ports.js';
import type { Environment } from '../../config/environment.js';
import { Contact } from '../../schemas/need.js';
import { contactEncryptionContext } from './contact-context.js';

export { CONTACT_PURPOSE } from './contact-context.js';

/** The raw AES keyring's identity in the message: a message names the key that can open it. */
export const LOCAL_KEY_NAMESPACE = 'jisr-local';
export const LOCAL_KEY_NAME = 'contact-key';
export const LOCAL_KEY_BYTES = 32;

export const CONTACT_SUITE =
  AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;

/**
 * Explicit limits. A sealed contact is about 1 KB of base64 (header with the context and the
 * signing public key, one wrapped data key, one frame, the signature): 8 KB leaves room and
 * still refuses anything absurd before it is parsed.
 */
export const CONTACT_VAULT_LIMITS = {
  needIdLength: 64,
  sealedLength: 8192,
  /** The JSON of a Contact: a 100-character name (up to 400 bytes of UTF-8) and a phone. */
  plaintextBytes: 1024,
} as const;

/** Keys the SDK itself adds to the context of a signed message. */
const SDK_CONTEXT_KEYS = new Set(['aws-crypto-public-key']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Only a key ARN opens what it sealed: a message names its key by ARN, never by alias. */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * Sealing or opening failed. The message never carries contact data or key material;
 * callers treat it as a server error (the data is unreadable, not the request wrong).
 */
export class ContactVaultError extends Error {
  override readonly name = 'ContactVaultError';
}

/** What @aws-crypto/client-node's buildClient() returns, built from the two halves it joins. */
function buildClient(options: ClientOptions) {
  return { ...buildEncrypt(options), ...buildDecrypt(options) };
}
type EncryptionClient = ReturnType<typeof buildClient>;
let sdkClient: EncryptionClient | undefined;

/** One SDK client per process, created on first use. One wrapped data key per message. */
function sdk(): EncryptionClient {
  sdkClient ??= buildClient({
    commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
    // Every contact is sealed under exactly one key; a message naming more is refused
    // before any of them is tried (no KMS calls on behalf of a crafted message).
    maxEncryptedDataKeys: 1,
  });
  return sdkClient;
}

function checkNeedId(needId: string): void {
  if (
    typeof needId !== 'string' ||
    needId.length === 0 ||
    needId.length > CONTACT_VAULT_LIMITS.needIdLength
  ) {
    throw new ContactVaultError(`A need id of 1-${CONTACT_VAULT_LIMITS.needIdLength} characters is required`);
  }
}

export class EncryptionSdkContactVault implements ContactVault {
  #keyring: KeyringNode | undefined;
  readonly #createKeyring: () => KeyringNode;

  /** The keyring, or a function creating it on first use (then kept for the process). */
  constructor(keyring: KeyringNode | (() => KeyringNode)) {
    this.#createKeyring = typeof keyring === 'function' ? keyring : () => keyring;
  }

  #keyringOnce(): KeyringNode {
    this.#keyring ??= this.#createKeyring();
    return this.#keyring;
  }

  async seal(needId: string, contact: Contact): Promise<string> {
    checkNeedId(needId);
    // Only what can be opened again is sealed (and unknown fields are not carried along).
    const parsed = Contact.safeParse(contact);
    if (!parsed.success) throw new ContactVaultError('The contact to seal does not match the Contact schema');
    const plaintext = Buffer.from(JSON.stringify(parsed.data), 'utf8');
    const { result } = await sdk().encrypt(this.#keyringOnce(), plaintext, {
      suiteId: CONTACT_SUITE,
      encryptionContext: contactEncryptionContext(needId),
      plaintextLength: plaintext.length,
    });
    return result.toString('base64');
  }

  async open(needId: string, sealed: string): Promise<Contact> {
    checkNeedId(needId);
    if (
      typeof sealed !== 'string' ||
      sealed.length > CONTACT_VAULT_LIMITS.sealedLength ||
      sealed.length % 4 !== 0 ||
      !BASE64.test(sealed)
    ) {
      throw new ContactVaultError('The sealed contact is not a base64 message of the expected size');
    }

    let decrypted: Awaited<ReturnType<EncryptionClient['decrypt']>>;
    try {
      decrypted = await sdk().decrypt(this.#keyringOnce(), Buffer.from(sealed, 'base64'), {
        maxBodySize: CONTACT_VAULT_LIMITS.plaintextBytes,
      });
    } catch (error) {
      // The SDK's messages name no plaintext; keep its error as the cause for the logs.
      throw new ContactVaultError('The sealed contact could not be decrypted', { cause: error });
    }
    const { plaintext, messageHeader } = decrypted;

    if (messageHeader.suiteId !== CONTACT_SUITE) {
      throw new ContactVaultError('The sealed contact uses another algorithm suite');
    }
    const context = messageHeader.encryptionContext;
    const expected: Record<string, string> = contactEncryptionContext(needId);
    const mismatched =
      Object.entries(expected).some(([key, value]) => context[key] !== value) ||
      Object.keys(context).some((key) => !(key in expected) && !SDK_CONTEXT_KEYS.has(key));
    if (mismatched) throw new ContactVaultError('The sealed contact belongs to another need or purpose');

    let json: unknown;
    try {
      json = JSON.parse(plaintext.toString('utf8'));
    } catch {
      throw new ContactVaultError('The opened contact is not JSON');
    }
    const contact = Contact.safeParse(json);
    // Neither the zod error nor the value goes into the message: both could carry the data.
    if (!contact.success) throw new ContactVaultError('The opened contact does not match the Contact schema');
    return contact.data;
  }
}

/** The environment entries the vault is configured from. */
export type ContactVaultEnvironment = Pick<Environment, 'contactKeyArn' | 'contactLocalKey'>;

function decodeLocalKey(base64: string): Uint8Array {
  const bytes = BASE64.test(base64) && base64.length % 4 === 0 ? Buffer.from(base64, 'base64') : undefined;
  if (bytes?.length !== LOCAL_KEY_BYTES) {
    // The value itself is never echoed: it is a key.
    throw new Error(`CONTACT_LOCAL_KEY must be the base64 of ${LOCAL_KEY_BYTES} random bytes`);
  }
  return new Uint8Array(bytes);
}

/**
 * The vault as the environment configures it: CONTACT_KEY_ARN (a KMS key ARN) in AWS,
 * otherwise CONTACT_LOCAL_KEY (base64 of 32 bytes) locally, otherwise a clear error, at
 * once. The configuration is checked now; the keyring (and with it the KMS client) is
 * created on the first seal or open and kept for the process.
 */
export function contactVaultFromEnvironment(env: ContactVaultEnvironment): EncryptionSdkContactVault {
  const { contactKeyArn, contactLocalKey } = env;
  if (contactKeyArn !== undefined && contactKeyArn !== '') {
    if (!KMS_KEY_ARN.test(contactKeyArn)) {
      throw new Error(
        `CONTACT_KEY_ARN must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>), ` +
          `not an alias or a key id: "${contactKeyArn}"`,
      );
    }
    return new EncryptionSdkContactVault(() => new KmsKeyringNode({ generatorKeyId: contactKeyArn }));
  }
  if (contactLocalKey !== undefined && contactLocalKey !== '') {
    const unencryptedMasterKey = decodeLocalKey(contactLocalKey);
    return new EncryptionSdkContactVault(
      () =>
        new RawAesKeyringNode({
          keyNamespace: LOCAL_KEY_NAMESPACE,
          keyName: LOCAL_KEY_NAME,
          unencryptedMasterKey,
          wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
        }),
    );
  }
  throw new Error(
    'Contact data cannot be sealed or opened: set CONTACT_KEY_ARN (the KMS key ARN, in AWS) or ' +
      'CONTACT_LOCAL_KEY (base64 of 32 random bytes, in the local runtime)',
  );
}

/**
 * A vault configured on its first use, for a composition root shared by every function:
 * functions that never touch contact data need neither variable, and one that does gets
 * contactVaultFromEnvironment's error on its first seal or open.
 */
export function lazyContactVault(env: ContactVaultEnvironment): ContactVault {
  let vault: EncryptionSdkContactVault | undefined;
  const configured = () => {
    vault ??= contactVaultFromEnvironment(env);
    return vault;
  };
  return {
    seal: async (needId, contact) => configured().seal(needId, contact),
    open: async (needId, sealed) => configured().open(needId, sealed),
  };
}
