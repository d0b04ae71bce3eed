/**
 * The migration directorate's alert topic, `jisr-<council>-<stage>-alerts`: cohesion-risk and
 * hotspot alerts from `notify-directorate`, and the alarms of the event backbone (a message in
 * a dead-letter queue, a publisher falling behind). E-mail and SMS subscriptions come from the
 * deployment's context (`-c alertEmails=... -c alertSms=...`, docs/deploy.md).
 *
 * Encryption: a customer-managed KMS key of its own, not `alias/aws/sns`. CloudWatch alarms
 * publish to this topic, and CloudWatch can only publish to an encrypted topic whose key
 * policy lets it use the key — which the policy of an AWS managed key cannot be changed to
 * do. Its own key (not the table's) keeps that service grant away from the table's data.
 * The key encrypts messages only while SNS holds them for delivery, so it is deleted with the
 * stack (after KMS's waiting period).
 */
import { createHash } from 'node:crypto';
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Subscription, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { physicalName } from './names.js';

export interface AlertSubscribers {
  /** E-mail addresses; each gets a confirmation mail from SNS and must click its link. */
  readonly emails?: readonly string[];
  /** Phone numbers in E.164 form (+905321234567). */
  readonly sms?: readonly string[];
}

export interface AlertsTopicProps {
  /** `jisr-<council>-<stage>`. */
  readonly prefix: string;
  readonly subscribers?: AlertSubscribers;
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const E164 = /^\+[1-9][0-9]{7,14}$/;

/** KMS actions CloudWatch needs on the topic's key to publish an alarm to it. */
export const CLOUDWATCH_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** A stable construct id for a subscriber: the same address keeps its subscription when the list changes. */
const subscriberId = (kind: string, endpoint: string) =>
  `${kind}${createHash('sha256').update(endpoint).digest('hex').slice(0, 12)}`;

export class AlertsTopic extends Construct {
  readonly key: Key;
  readonly topic: Topic;
  /** Where SNS puts an alert it could not deliver to a subscriber; only with subscribers. */
  readonly undelivered: DeadLetterQueue | undefined;

  constructor(scope: Construct, id: string, props: AlertsTopicProps) {
    super(scope, id);
    const emails = [...new Set(props.subscribers?.emails ?? [])];
    const phones = [...new Set(props.subscribers?.sms ?? [])];
    for (const email of emails) {
      if (!EMAIL.test(email)) throw new Error(`alertEmails: "${email}" is not an e-mail address`);
    }
    for (const phone of phones) {
      if (!E164.test(phone)) {
        throw new Error(`alertSms: "${phone}" is not a phone number in E.164 form (e.g. +905321234567)`);
      }
    }

    this.key = new Key(this, 'Key', {
      description: `Encrypts the Jisr alert topic ${props.prefix}-alerts`,
      alias: `alias/${props.prefix}-alerts`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheAlertTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: [...CLOUDWATCH_KEY_ACTIONS],
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      topicName: physicalName('SNS topic', `${props.prefix}-alerts`),
      // Shown as the sender of SMS messages and in e-mail subjects.
      displayName: 'Jisr',
      masterKey: this.key,
      enforceSSL: true,
    });
    // Only this account's alarms of this deployment may publish besides the functions whose
    // role allows it (notify-directorate).
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisDeployment',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${props.prefix}-*`,
          },
        },
      }),
    );

    if (emails.length + phones.length === 0) {
      this.undelivered = undefined;
      return;
    }
    this.undelivered = new DeadLetterQueue(this, 'Undelivered', {
      queueName: `${props.prefix}-alerts-undelivered-dlq`,
      source: 'undelivered-alerts',
      meaning:
        "An alert could not be delivered to one of its e-mail or SMS subscribers after all of SNS's retries.",
      alarmTopic: this.topic,
    });
    const subscribe = (protocol: SubscriptionProtocol, kind: string, endpoint: string) =>
      new Subscription(this, subscriberId(kind, endpoint), {
        topic: this.topic,
        protocol,
        endpoint,
        deadLetterQueue: this.undelivered?.queue,
      });
    for (const email of emails) subscribe(SubscriptionProtocol.EMAIL, 'Email', email);
    for (const phone of phones) subscribe(SubscriptionProtocol.SMS, 'Sms', phone);
  }
}
