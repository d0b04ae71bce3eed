/**
 * cdk-nag wiring (v3: validation plugins, not aspects) and the one list of acknowledged
 * findings. Every acknowledgement carries a written reason; the reasons are copied into the
 * synthesized template's Metadata (`cdk_nag.rules_to_suppress`), so a reviewer of the
 * template sees them next to the resource they concern.
 *
 * Findings are fixed where that is reasonable (strong password policy, Cognito threat
 * protection, throttling, JSON access logs, no AWS managed policies, no wildcard actions);
 * what is left is listed here, each with the reason it does not apply.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export interface NagAcknowledgement {
  /** Full rule ids; a finding with a qualifier needs its full id, e.g. `AwsSolutions-IAM5[Resource::*]`. */
  readonly ids: readonly string[];
  readonly reason: string;
}

export const NAG = {
  xrayWildcard: {
    ids: ['AwsSolutions-IAM5[Resource::*]'],
    reason:
      'X-Ray tracing (Tracing.ACTIVE) needs xray:PutTraceSegments and xray:PutTelemetryRecords, which ' +
      'support no resource-level permissions: the IAM resource can only be "*". No other statement of ' +
      'this role uses a wildcard resource.',
  },
  syncInvokedNoDlq: {
    ids: ['Serverless-LambdaDLQ'],
    reason:
      'Invoked synchronously, and only, by API Gateway (HTTP API, Lambda proxy integration; the invoke ' +
      'permission is scoped to its route): a failure goes back to the caller as an HTTP error, and retrying ' +
      "is the client's call (reads are safe to repeat, the one write carries an Idempotency-Key). A " +
      'dead-letter queue only receives failed asynchronous invocations, which this function never gets.',
  },
  mfaOptional: {
    ids: ['AwsSolutions-COG2'],
    reason:
      'MFA is offered (TOTP) but not required. Council members - many of them refugees reporting from a ' +
      'basic or shared phone - cannot all be required to run an authenticator app, and the system exists ' +
      'for them. Compensating controls: no self sign-up (the directorate creates every account), a ' +
      '12-character password policy with history, and Cognito threat protection enforced (Plus plan): ' +
      'sign-ins with leaked credentials and high-risk sign-ins are blocked, medium-risk ones must pass ' +
      'MFA where enrolled. Directorate and unit staff are asked to enrol TOTP (docs/deploy.md).',
  },
  streamConsumerWildcards: {
    ids: ['AwsSolutions-IAM5[Resource::*]'],
    reason:
      'Two statements of this stream consumer need the resource "*" because the actions support no ' +
      'resource-level permissions: X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) and ' +
      'dynamodb:ListStreams, which the event source mapping needs next to the stream-scoped ' +
      'DescribeStream/GetRecords/GetShardIterator (those name the one stream ARN).',
  },
  streamConsumerNoDlq: {
    ids: ['Serverless-LambdaDLQ'],
    reason:
      "Invoked only by its event source mapping on the table's stream: Lambda polls the stream and " +
      'invokes the function synchronously, so a function dead-letter queue (which receives failed ' +
      'asynchronous invocations only) would stay empty. Failed records are retried, the batch is ' +
      "bisected, and what still fails goes to the mapping's on-failure destination, an SQS queue with an " +
      'alarm on its first message.',
  },
  deadLetterQueueHasNoRedrive: {
    ids: ['Serverless-SQSRedrivePolicy'],
    reason:
      'This queue is itself a dead-letter queue: nothing consumes it automatically, so no message can ' +
      'fail on it and be moved on. A dead-letter queue behind it would only hide failures one level ' +
      'deeper. It keeps messages for 14 days (the maximum), an alarm fires on the first one, and an ' +
      'operator inspects and redrives them by hand (docs/deploy.md).',
  },
  failureDestinationQueue: {
    ids: ['AwsSolutions-SQS3'],
    reason:
      'This queue is a dead-letter queue, for a source cdk-nag does not recognize (it only looks for ' +
      "another queue's RedrivePolicy or a function's DeadLetterConfig): the on-failure destination of " +
      "the table stream's event source mapping, or the redrive policy of the alert topic's " +
      'subscriptions.',
  },
  seedProvider: {
    ids: ['Serverless-LambdaDLQ', 'Serverless-LambdaTracing'],
    reason:
      'The provider function of the seed custom resource (AwsCustomResource, created by aws-cdk-lib) runs ' +
      'only when CloudFormation creates the stack. CloudFormation waits for its answer: a failure fails the ' +
      'deployment and is reported in the stack events and the function log group (retention set), so a ' +
      'dead-letter queue would hold nothing anyone could replay, and a trace of a single one-off call adds ' +
      'nothing to its log.',
  },
  webFilesDeploymentKeys: {
    // The ids name the bucket and key pattern of each deployment: web-files-deployment.ts
    // computes them (cdk-nag's format) for the one statement it concerns.
    ids: [],
    reason:
      "The web app's files are copied into its bucket at deployment; their names are content hashes that " +
      'change with every build, so the keys can only be named by prefix: assets/* for the hashed assets, ' +
      'and * for the pages deployment, which also deletes the files of an earlier build that are no longer ' +
      'in it (config.json excluded). The statement names this one bucket, which holds nothing but the ' +
      "app's public files, and only s3:PutObject (and s3:DeleteObject when pruning) on it.",
  },
  webFilesDeploymentProvider: {
    ids: [
      'AwsSolutions-L1',
      'Serverless-LambdaLatestVersion',
      'Serverless-LambdaDLQ',
      'Serverless-LambdaTracing',
    ],
    reason:
      'The provider function of BucketDeployment (created by aws-cdk-lib, which picks and updates its ' +
      'Python runtime and AWS CLI layer with each release; it cannot be set from here) copies the web ' +
      "app's files when CloudFormation creates or updates the stack, and only then. CloudFormation waits " +
      'for its answer: a failure fails the deployment and is reported in the stack events and the ' +
      'function log group (retention set), so a dead-letter queue would hold nothing anyone could replay, ' +
      'and a trace of a one-off copy adds nothing to its log.',
  },
  cloudFrontDefaultCertificate: {
    ids: ['AwsSolutions-CFR4'],
    reason:
      "Without a custom domain the distribution uses CloudFront's default certificate (*.cloudfront.net), " +
      'whose security policy is fixed at TLSv1 and cannot be raised. Browsers negotiate TLS 1.2 or 1.3 with ' +
      'CloudFront anyway, HTTP is redirected to HTTPS and HSTS is sent. A deployment with a custom domain ' +
      '(context webDomainName and webCertificateArn, docs/deploy.md) gets TLSv1.2_2021 and no such ' +
      'acknowledgement.',
  },
  cloudFrontNoGeoRestriction: {
    ids: ['AwsSolutions-CFR1'],
    reason:
      "The app's users are migrants and refugees, and the council members who report for them: they travel, " +
      'roam on foreign SIM cards and use VPNs, so blocking countries would lock out the people the system ' +
      'exists for. The distribution serves only the static, public files of the app (no data); every data ' +
      'request goes to the HTTP API, which authenticates it.',
  },
  cloudFrontNoWaf: {
    ids: ['AwsSolutions-CFR2'],
    reason:
      'The distribution serves only the static files of the app, the same for everyone and holding no data ' +
      '(GET and HEAD only, from a private bucket). Data requests do not pass through CloudFront: they go to ' +
      'the HTTP API, which checks a Cognito token on every route and is throttled. A web ACL here would add ' +
      'a monthly cost per council and protect nothing the files do not already show; one can be attached ' +
      'later (Distribution.attachWebAclId) if abuse of the static files ever appears.',
  },
} as const satisfies Record<string, NagAcknowledgement>;

/**
 * Records an acknowledgement on a construct; it covers the construct and everything below
 * it, so pass the narrowest one (usually the CloudFormation resource itself).
 */
export function acknowledge(scope: IConstruct, acknowledgement: NagAcknowledgement): void {
  if (acknowledgement.reason.trim().length < 20) {
    throw new Error(`The acknowledgement of ${acknowledgement.ids.join(', ')} needs a written reason`);
  }
  Validations.of(scope).acknowledge(
    ...acknowledgement.ids.map((id) => ({ id, reason: acknowledgement.reason })),
  );
}

/** The CloudFormation resource of an L2 construct, for a precise acknowledgement. */
export function cfnResourceOf(construct: IConstruct): IConstruct {
  const resource = construct.node.defaultChild;
  if (resource === undefined) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return resource;
}

/** The packs this project is held to: AWS Solutions and Serverless. */
export function nagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()];
}

/**
 * Registers both packs as validation plugins of the app: `cdk synth` then fails on any
 * unacknowledged error, and acknowledgements are written into the templates' Metadata.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true, verbose: true }),
    new ServerlessChecks(undefined, { verbose: true }),
  );
}
