/**
 * The contact vault: envelope encryption of beneficiaries' contact data with the AWS
 * Encryption SDK, under a raw AES-256 key (the local runtime) and under a KMS key (AWS, with
 * KMS simulated by aws-sdk-client-mock), and the local key file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DecryptCommand,
  type DecryptCommandInput,
  EncryptCommand,
  GenerateDataKeyCommand,
  type GenerateDataKeyCommandInput,
  KMSClient,
  KMSInvalidStateException,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTACT_KEY_FILE, localContactKey } from '../../../local/contact-key.js';
import {
  CONTACT_PURPOSE,
  CONTACT_SUITE,
  CONTACT_VAULT_LIMITS,
  ContactVaultError,
  contactVaultFromEnvironment,
  lazyContactVault,
} from '../../../shared/adapters/crypto/contact-vault.js';
import type { Contact } from '../../../shared/schemas/need.js';

const NEED_ID = '01KJP7ZD300000000000000001';
const OTHER_NEED_ID = '01KJP7ZD300000000000000009';
const KEY_ARN = 'arn:aws:kms:eu-central-1:111111111111:key/0d6c3a52-8d6e-4c1b-9a57-2f1f7b0c9e11';

const CONTACTS: readonly (readonly [string, Contact])[] = [
  ['Turkish', { name: 'Zeynep Çelik', phone: '+90 322 123 45 67' }],
  ['Arabic', { name: 'أمينة الحسن', phone: '+90 532 765 43 21' }],
  ['Kurdish (Latin) with dotted capitals', { name: 'Şêrko İbrahîm', phone: '0 (322) 555-12-12' }],
  ['Persian', { name: 'مریم رضایی', phone: '+98 912 345 6789' }],
];
const ZEYNEP = (CONTACTS[0] as readonly [string, Contact])[1];

/** KMS as the keyring's client sees it (the one KMSClient class of @aws-sdk/client-kms, shared with the SDK). */
const kms = mockClient(KMSClient);
afterEach(() => kms.reset());
afterAll(() => kms.restore());

const newLocalKey = () => randomBytes(32).toString('base64');
const localVault = (key = newLocalKey()) =>
  contactVaultFromEnvironment({ contactKeyArn: undefined, contactLocalKey: key });

const canonical = (context: Record<string, string> | undefined) =>
  JSON.stringify(Object.entries(context ?? {}).sort(([a], [b]) => a.localeCompare(b)));

/** Flips one bit of the decoded message at `position` (negative: from the end). */
function tamper(sealed: string, position: number): string {
  const bytes = Buffer.from(sealed, 'base64');
  const index = position < 0 ? bytes.length + position : position;
  bytes[index] = (bytes[index] as number) ^ 0x01;
  return bytes.toString('base64');
}

describe('with a local AES-256 key', () => {
  it.each(CONTACTS)('seals and opens a contact (%s)', async (_label, contact) => {
    const vault = localVault();

    const sealed = await vault.seal(NEED_ID, contact);
    const opened = await vault.open(NEED_ID, sealed);

    expect(opened).toEqual(contact);
  });

  it.each(CONTACTS)(
    'leaves neither the name nor the phone readable in the sealed form (%s)',
    async (_label, contact) => {
      const vault = localVault();

      const sealed = await vault.seal(NEED_ID, contact);

      const message = Buffer.from(sealed, 'base64');
      for (const secret of [contact.name, contact.phone, contact.phone.replace(/\D/g, '')]) {
        expect(sealed).not.toContain(secret);
        expect(message.includes(Buffer.from(secret, 'utf8'))).toBe(false);
      }
      expect(sealed).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(sealed.length).toBeLessThanOrEqual(CONTACT_VAULT_LIMITS.sealedLength);
    },
  );

  it('seals the same contact differently every time (a fresh data key per contact)', async () => {
    const vault = localVault();

    const [first, second] = await Promise.all([vault.seal(NEED_ID, ZEYNEP), vault.seal(NEED_ID, ZEYNEP)]);

    expect(first).not.toBe(second);
  });

  it('binds the need id and the purpose into the message, with the committing signed suite', async () => {
    const vault = localVault();

    const sealed = await vault.seal(NEED_ID, ZEYNEP);

    // The encryption context is in clear in the header: ids, never personal data.
    const header = Buffer.from(sealed, 'base64');
    expect(header.includes(Buffer.from(NEED_ID))).toBe(true);
    expect(header.includes(Buffer.from(CONTACT_PURPOSE))).toBe(true);
    expect(header.readUInt16BE(1)).toBe(CONTACT_SUITE);
  });

  it('refuses to open a contact under another need id', async () => {
    const vault = localVault();
    const sealed = await vault.seal(NEED_ID, ZEYNEP);

    const opened = vault.open(OTHER_NEED_ID, sealed);

    await expect(opened).rejects.toThrow(ContactVaultError);
    await expect(opened).rejects.toThrow(/another need/);
  });

  it.each([
    ['the version byte', 0],
    ['the algorithm suite', 2],
    ['the message id', 10],
    ['the encryption context', 60],
    ['the middle of the message', 0.5],
    ['the encrypted body', -130],
    ['the signature', -5],
    ['the last byte', -1],
  ])('refuses a message with one bit flipped in %s', async (_label, where) => {
    const vault = localVault();
    const sealed = await vault.seal(NEED_ID, ZEYNEP);
    const position =
      where > 0 && where < 1 ? Math.floor(Buffer.from(sealed, 'base64').length * where) : where;

    const opened = vault.open(NEED_ID, tamper(sealed, position));

    await expect(opened).rejects.toThrow(ContactVaultError);
  });

  it('refuses a truncated message', async () => {
    const vault = localVault();
    const sealed = await vault.seal(NEED_ID, ZEYNEP);
    const bytes = Buffer.from(sealed, 'base64');

    const opened = vault.open(NEED_ID, bytes.subarray(0, bytes.length - 12).toString('base64'));

    await expect(opened).rejects.toThrow(ContactVaultError);
  });

  it('cannot open what another local key sealed', async () => {
    const sealed = await localVault().seal(NEED_ID, ZEYNEP);

    const opened = localVault().open(NEED_ID, sealed);

    await expect(opened).rejects.toThrow(/could not be decrypted/);
  });

  it.each([
    ['not base64', '!!not*base64!!'],
    ['empty', ''],
    ['oversize', 'A'.repeat(CONTACT_VAULT_LIMITS.sealedLength + 4)],
    ['base64 of garbage', randomBytes(300).toString('base64')],
  ])('refuses a sealed value that is %s, before decrypting it', async (_label, sealed) => {
    const opened = localVault().open(NEED_ID, sealed);

    await expect(opened).rejects.toThrow(ContactVaultError);
  });

  it.each([
    ['an empty need id', ''],
    ['an oversize need id', 'N'.repeat(CONTACT_VAULT_LIMITS.needIdLength + 1)],
  ])('refuses %s', async (_label, needId) => {
    const vault = localVault();

    await expect(vault.seal(needId, ZEYNEP)).rejects.toThrow(ContactVaultError);
    await expect(vault.open(needId, 'AAAA')).rejects.toThrow(ContactVaultError);
  });

  it.each([
    ['a control character in the name', { name: 'Zeynep\u0007', phone: '+90 322 123 45 67' }],
    ['a phone that is not one', { name: 'Zeynep Çelik', phone: 'call me' }],
    ['an unknown field', { ...ZEYNEP, address: 'Seyhan' }],
  ])('refuses to seal a contact with %s, without echoing it', async (_label, contact) => {
    const sealed = localVault().seal(NEED_ID, contact as Contact);

    await expect(sealed).rejects.toThrow(ContactVaultError);
    await expect(sealed).rejects.not.toThrow(/Zeynep|call me|Seyhan/);
  });
});

describe('contactVaultFromEnvironment', () => {
  it('uses the KMS key when CONTACT_KEY_ARN is set, even if a local key is set too', async () => {
    kms.on(GenerateDataKeyCommand).rejects(new Error('reached KMS'));
    const vault = contactVaultFromEnvironment({ contactKeyArn: KEY_ARN, contactLocalKey: newLocalKey() });

    const sealed = vault.seal(NEED_ID, ZEYNEP);

    await expect(sealed).rejects.toThrow(/reached KMS/);
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input.KeyId).toBe(KEY_ARN);
  });

  it('uses the local key when only CONTACT_LOCAL_KEY is set, and never calls KMS', async () => {
    const key = newLocalKey();
    const sealed = await contactVaultFromEnvironment({ contactKeyArn: undefined, contactLocalKey: key }).seal(
      NEED_ID,
      ZEYNEP,
    );

    const opened = await contactVaultFromEnvironment({ contactKeyArn: '', contactLocalKey: key }).open(
      NEED_ID,
      sealed,
    );

    expect(opened).toEqual(ZEYNEP);
    expect(kms.calls()).toHaveLength(0);
  });

  it('fails at once, naming both variables, when neither is set', () => {
    const create = () =>
      contactVaultFromEnvironment({ contactKeyArn: undefined, contactLocalKey: undefined });

    expect(create).toThrow(/CONTACT_KEY_ARN.*CONTACT_LOCAL_KEY/);
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64')],
    ['64 bytes', randomBytes(64).toString('base64')],
    ['hex instead of base64', randomBytes(32).toString('hex')],
  ])('refuses a local key of %s without echoing it', (_label, key) => {
    const create = () => contactVaultFromEnvironment({ contactKeyArn: undefined, contactLocalKey: key });

    expect(create).toThrow(/CONTACT_LOCAL_KEY must be the base64 of 32 random bytes/);
    expect(create).not.toThrow(key);
  });

  it.each([
    ['an alias', 'alias/jisr-adana-dev-contact'],
    ['an alias ARN', 'arn:aws:kms:eu-central-1:111111111111:alias/jisr-adana-dev-contact'],
    ['a bare key id', '0d6c3a52-8d6e-4c1b-9a57-2f1f7b0c9e11'],
  ])('refuses %s as CONTACT_KEY_ARN (a message names its key by ARN only)', (_label, arn) => {
    const create = () => contactVaultFromEnvironment({ contactKeyArn: arn, contactLocalKey: undefined });

    expect(create).toThrow(/CONTACT_KEY_ARN must be the ARN of a KMS key/);
  });

  it('lazyContactVault needs no configuration until contact data is touched', async () => {
    const vault = lazyContactVault({ contactKeyArn: undefined, contactLocalKey: undefined });

    const sealed = vault.seal(NEED_ID, ZEYNEP);

    await expect(sealed).rejects.toThrow(/CONTACT_KEY_ARN.*CONTACT_LOCAL_KEY/);
  });
});

describe('with a KMS key (KMS simulated by aws-sdk-client-mock)', () => {
  /** What the simulated KMS keeps: each data key it issued, with the context it is bound to. */
  let issued: Map<string, { plaintext: Uint8Array; context: Record<string, string> | undefined }>;

  beforeEach(() => {
    issued = new Map();
    kms.on(GenerateDataKeyCommand).callsFake((input: GenerateDataKeyCommandInput) => {
      const plaintext = new Uint8Array(randomBytes(input.NumberOfBytes ?? 32));
      const ciphertextBlob = new Uint8Array(randomBytes(184));
      // Copies: the SDK zeroes the plaintext data key it was handed once it is done with it.
      issued.set(Buffer.from(ciphertextBlob).toString('base64'), {
        plaintext: plaintext.slice(),
        context: input.EncryptionContext,
      });
      return { KeyId: input.KeyId, Plaintext: plaintext, CiphertextBlob: ciphertextBlob };
    });
    kms.on(DecryptCommand).callsFake((input: DecryptCommandInput) => {
      const entry = issued.get(Buffer.from(input.CiphertextBlob ?? []).toString('base64'));
      // Like KMS: the context must be exactly the one the data key was generated under.
      if (entry === undefined || canonical(entry.context) !== canonical(input.EncryptionContext)) {
        throw new KMSInvalidStateException({ message: 'InvalidCiphertextException', $metadata: {} });
      }
      return { KeyId: KEY_ARN, Plaintext: entry.plaintext.slice(), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    });
  });

  const kmsVault = () => contactVaultFromEnvironment({ contactKeyArn: KEY_ARN, contactLocalKey: undefined });

  it.each(CONTACTS)('seals and opens a contact (%s)', async (_label, contact) => {
    const vault = kmsVault();

    const sealed = await vault.seal(NEED_ID, contact);
    const opened = await vault.open(NEED_ID, sealed);

    expect(opened).toEqual(contact);
  });

  it('seals with one GenerateDataKey call bound to the purpose and need id, and no kms:Encrypt', async () => {
    const vault = kmsVault();

    await vault.seal(NEED_ID, ZEYNEP);

    const calls = kms.commandCalls(GenerateDataKeyCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({
      KeyId: KEY_ARN,
      NumberOfBytes: 32,
      EncryptionContext: { purpose: CONTACT_PURPOSE, needId: NEED_ID },
    });
    expect(kms.commandCalls(EncryptCommand)).toHaveLength(0);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(0);
  });

  it('opens with one Decrypt call on that key, bound to the same context', async () => {
    const sealed = await kmsVault().seal(NEED_ID, ZEYNEP);
    kms.resetHistory();

    await kmsVault().open(NEED_ID, sealed);

    const calls = kms.commandCalls(DecryptCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({
      KeyId: KEY_ARN,
      EncryptionContext: { purpose: CONTACT_PURPOSE, needId: NEED_ID },
    });
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(0);
    expect(kms.commandCalls(EncryptCommand)).toHaveLength(0);
  });

  it('refuses to open a contact under another need id', async () => {
    const sealed = await kmsVault().seal(NEED_ID, ZEYNEP);

    const opened = kmsVault().open(OTHER_NEED_ID, sealed);

    await expect(opened).rejects.toThrow(/another need/);
  });

  it('fails to seal when KMS refuses the key (e.g. the key is disabled)', async () => {
    kms
      .on(GenerateDataKeyCommand)
      .rejects(
        new KMSInvalidStateException({ message: 'key is disabled', $metadata: { httpStatusCode: 400 } }),
      );

    const sealed = kmsVault().seal(NEED_ID, ZEYNEP);

    await expect(sealed).rejects.toThrow(/key is disabled/);
  });

  it('cannot open what a local key sealed', async () => {
    const sealed = await localVault().seal(NEED_ID, ZEYNEP);

    const opened = kmsVault().open(NEED_ID, sealed);

    await expect(opened).rejects.toThrow(ContactVaultError);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(0);
  });
});

describe('localContactKey', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jisr-contact-key-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the key file once (0600) and reads the same key after a restart', async () => {
    const folder = join(dataDir, 'nested', 'dynamodb');
    const first = localContactKey(folder);
    const sealed = await localVault(first).seal(NEED_ID, ZEYNEP);

    const second = localContactKey(folder);
    const opened = await localVault(second).open(NEED_ID, sealed);

    expect(second).toBe(first);
    expect(opened).toEqual(ZEYNEP);
    expect(Buffer.from(first, 'base64')).toHaveLength(32);
    expect(readFileSync(join(folder, CONTACT_KEY_FILE), 'utf8').trim()).toBe(first);
    if (process.platform !== 'win32')
      expect(statSync(join(folder, CONTACT_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('gives a fresh key to every in-memory run', () => {
    const keys = new Set([localContactKey(undefined), localContactKey(undefined)]);

    expect(keys.size).toBe(2);
    for (const key of keys) expect(Buffer.from(key, 'base64')).toHaveLength(32);
  });

  it.each([
    ['empty', ''],
    ['too short', randomBytes(16).toString('base64')],
    ['not base64', 'this is not a key'],
  ])('refuses a key file that is %s, and leaves it as it is', (_label, content) => {
    const file = join(dataDir, CONTACT_KEY_FILE);
    writeFileSync(file, content, { mode: 0o600 });

    expect(() => localContactKey(dataDir)).toThrow(/does not hold the base64 of 32 bytes/);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it.runIf(process.platform !== 'win32')('refuses a key file that others can read', () => {
    writeFileSync(join(dataDir, CONTACT_KEY_FILE), newLocalKey(), { mode: 0o644 });

    expect(() => localContactKey(dataDir)).toThrow(/chmod 600/);
  });
});
