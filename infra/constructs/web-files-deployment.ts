/**
 * Copies files into the web app's bucket at deployment (CDK's BucketDeployment), with the
 * project's defaults: an execution role that starts empty (no AWS managed policy), one log
 * group with a retention, and exact permissions instead of BucketDeployment's broad grants
 * (s3:GetObject*, s3:List*, s3:DeleteObject* on whole buckets): read its own zipped files
 * in the CDK staging bucket, list the destination bucket, and write (and, when it prunes,
 * delete) only the keys it deploys.
 *
 * BucketDeployment's provider function is a singleton per stack: every deployment of the
 * stack runs with the same role and log group, created once here; each deployment adds its
 * own statements to that role, and waits for them.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, type BucketDeploymentProps } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { acknowledge, cfnResourceOf, NAG } from '../nag.js';
import { LOG_RETENTION } from './jisr-function.js';

/** The provider's role and log group, one per stack. */
class WebFilesDeploymentProvider extends Construct {
  static readonly ID = 'WebFilesDeploymentProvider';

  static of(scope: IConstruct): WebFilesDeploymentProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(WebFilesDeploymentProvider.ID);
    return existing instanceof WebFilesDeploymentProvider
      ? existing
      : new WebFilesDeploymentProvider(stack, WebFilesDeploymentProvider.ID);
  }

  readonly role: Role;
  readonly logGroup: LogGroup;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: "Copies the web app's files into its bucket at deployment",
    });
    this.logGroup.grantWrite(this.role);
  }

  /** The role's default policy (every statement of every deployment of the stack). */
  get policy(): Policy | undefined {
    return this.role.node.tryFindChild('DefaultPolicy') as Policy | undefined;
  }
}

export interface WebFilesDeploymentProps
  extends Omit<
    BucketDeploymentProps,
    | 'role'
    | 'logGroup'
    | 'logRetention'
    | 'memoryLimit'
    | 'useEfs'
    | 'vpc'
    | 'vpcSubnets'
    | 'securityGroups'
    | 'destinationKeyPrefix'
    | 'distribution'
    | 'distributionPaths'
    | 'retainOnDelete'
    | 'accessControl'
    | 'destinationBucket'
  > {
  readonly destinationBucket: IBucket;
  /**
   * The keys this deployment writes, as an IAM resource pattern inside the bucket: `*`,
   * `assets/*`, `config.json`. It may only put (and, if it prunes, delete) these.
   */
  readonly keys: string;
}

/** The IAM5 finding cdk-nag reports for a wildcard resource of this stack (same format). */
function wildcardFinding(stack: Stack, arn: string): string {
  const flatten = (node: unknown): string => {
    if (typeof node === 'string') return node;
    const object = node as Record<string, unknown>;
    const join = object['Fn::Join'] as [string, unknown[]] | undefined;
    if (join !== undefined) return join[1].map(flatten).join(join[0]);
    const getAtt = object['Fn::GetAtt'] as [string, string] | undefined;
    if (getAtt !== undefined) return `<${getAtt[0]}.${getAtt[1]}>`;
    if (typeof object.Ref === 'string') return `<${object.Ref}>`;
    throw new Error(`Cannot name the cdk-nag finding of ${JSON.stringify(node)}`);
  };
  return `AwsSolutions-IAM5[Resource::${flatten(stack.resolve(arn))}]`;
}

export class WebFilesDeployment extends Construct {
  readonly deployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebFilesDeploymentProps) {
    super(scope, id);
    const { keys, destinationBucket: bucket, ...deploymentProps } = props;
    const stack = Stack.of(this);
    const provider = WebFilesDeploymentProvider.of(this);
    this.deployment = new BucketDeployment(this, 'Deployment', {
      ...deploymentProps,
      destinationBucket: bucket,
      // BucketDeployment's own grants are dropped; the statements below replace them.
      role: provider.role.withoutPolicyUpdates(),
      logGroup: provider.logGroup,
      retainOnDelete: true,
    });

    // Its sources: the zip files it was given, each one object of the staging bucket.
    // (The AWS CLI layer's zip is read by the Lambda service, not by the function.)
    const layer = this.deployment.node.tryFindChild('AwsCliLayer');
    const assets = this.deployment.node
      .findAll()
      .filter((child) => child instanceof Asset)
      .filter((asset) => layer === undefined || !layer.node.findAll().includes(asset));
    if (assets.length === 0) throw new Error(`${this.node.path}: no source found to grant`);
    provider.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: assets.map((asset) => asset.bucket.arnForObjects(asset.s3ObjectKey)),
      }),
    );
    // `aws s3 sync` lists the destination, then puts (and with prune deletes) objects.
    provider.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    const objects = bucket.arnForObjects(keys);
    provider.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: props.prune === false ? ['s3:PutObject'] : ['s3:PutObject', 's3:DeleteObject'],
        resources: [objects],
      }),
    );
    const policy = provider.policy;
    if (policy === undefined) throw new Error(`${this.node.path}: the provider role has no policy`);
    this.deployment.node.addDependency(policy);

    if (keys.includes('*')) {
      if (Stack.of(bucket) !== stack) {
        throw new Error(`${this.node.path}: a key pattern with "*" needs a bucket of this stack`);
      }
      acknowledge(cfnResourceOf(policy), {
        ids: [wildcardFinding(stack, objects)],
        reason: NAG.webFilesDeploymentKeys.reason,
      });
    }
    // The provider function: BucketDeployment's singleton, at stack level.
    const handler = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handler === undefined) throw new Error(`${this.node.path}: BucketDeployment's function not found`);
    acknowledge(cfnResourceOf(handler), NAG.webFilesDeploymentProvider);
  }
}
