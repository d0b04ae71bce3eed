/**
 * How the directorate is told of an alert: an SNS topic in AWS (email/SMS subscriptions are
 * set at deploy), a JSON-lines log file locally (the local runtime shows it to the directorate).
 */
import { appendFile } from 'node:fs/promises';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AlertNotifier } from '../../application/ports.js';

export class SnsAlertNotifier implements AlertNotifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notice: { subject: string; body: string }): Promise<void> {
    await this.client.send(
      new PublishCommand({ TopicArn: this.topicArn, Subject: notice.subject, Message: notice.body }),
    );
  }
}

export class LogFileAlertNotifier implements AlertNotifier {
  constructor(private readonly file: string) {}

  async notify(notice: { subject: string; body: string }): Promise<void> {
    await appendFile(this.file, `${JSON.stringify({ at: new Date().toISOString(), ...notice })}\n`, 'utf8');
  }
}

/** ALERT_TOPIC_ARN in AWS, else ALERT_LOG_FILE locally; neither is a configuration error. */
export function alertNotifierFromEnvironment(env: NodeJS.ProcessEnv = process.env): AlertNotifier {
  if (env.ALERT_TOPIC_ARN) {
    return new SnsAlertNotifier(
      new SNSClient({ region: env.AWS_REGION ?? 'eu-central-1', maxAttempts: 3 }),
      env.ALERT_TOPIC_ARN,
    );
  }
  if (env.ALERT_LOG_FILE) return new LogFileAlertNotifier(env.ALERT_LOG_FILE);
  throw new Error('Set ALERT_TOPIC_ARN (AWS) or ALERT_LOG_FILE (local) to notify the directorate');
}
