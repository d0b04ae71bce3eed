/**
 * The web app of one council's deployment, served over HTTPS only: a private S3 bucket with
 * the built app (index.html and content-hashed assets/*), a CloudFront distribution in front
 * of it (Origin Access Control: only this distribution may read the bucket), the security
 * headers of web/security-headers.ts on every response, and access logs of both.
 *
 * Order of the stacks, and why there is no cycle. The API's CORS must admit the app's origin
 * (https://<distribution domain>), and the app must learn the API's URL and the app client
 * (config.json). So this stack comes first and knows nothing of the Api stack; the Api stack
 * takes `webOrigin` for its CORS, and writes config.json into this stack's bucket itself
 * (infra/constructs/web-runtime-config.ts, a second deployment with prune off, next to the
 * values it holds). The deployment of the built files here excludes config.json, so neither
 * deletes the other's files.
 *
 * The one value that would close a loop is the API's origin in the Content-Security-Policy:
 * the response headers policy belongs to the distribution, which the API's CORS refers to,
 * and the API's host name is only known once the API exists. connect-src therefore names the
 * region's API Gateway host pattern, https://*.execute-api.<region>.amazonaws.com, next to the
 * exact Cognito endpoint of the region (sign-in is Cognito's InitiateAuth, called from the
 * browser). The app loads scripts from its own origin only (script-src 'self', no inline
 * script), and CORS on the API side admits this origin alone.
 *
 * Caching: files under assets/ have content-hashed names and are cached for a year
 * (immutable); index.html and every other file of the build are `no-cache` (revalidated on
 * each load, so a deployment shows at once), and so is config.json. The cache policy's
 * minimum TTL is 0, so CloudFront honours those headers. Unknown paths (deep links of the
 * single-page app) get /index.html with 200.
 *
 * TLS: with CloudFront's default certificate (*.cloudfront.net) the viewer security policy
 * cannot be chosen (it stays TLSv1; infra/nag.ts says why that is acknowledged). A custom
 * domain with an ACM certificate (us-east-1) gets TLSv1.2_2021: `webDomainName` and
 * `webCertificateArn` in the CDK context (docs/deploy.md).
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Token } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  type ResponseCustomHeader,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  SecurityPolicyProtocol,
  SSLMethod,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { Construct } from 'constructs';
import { webSecurityHeaders } from '../../web/security-headers.js';
import { WebFilesDeployment } from '../constructs/web-files-deployment.js';
import { acknowledge, cfnResourceOf, NAG } from '../nag.js';

/** The file the app reads at start; written by the Api stack, never by the build. */
export const WEB_CONFIG_FILE = 'config.json';

/** Cache-Control of each kind of file (CloudFront and browsers follow them). */
export const WEB_CACHE_CONTROL = {
  /** assets/*: content-hashed names, so a name never changes content. */
  hashed: 'public, max-age=31536000, immutable',
  /** index.html, config.json and any other unhashed file: revalidated on every load. */
  unhashed: 'no-cache',
} as const;

/** Three months, like every other log of the deployment (infra/constructs/jisr-function.ts). */
export const WEB_LOG_RETENTION = Duration.days(90);

/** A custom domain of the web app (both, or neither). */
export interface WebDomain {
  /** e.g. jisr.adana.example.org; its DNS record (CNAME or alias) is the owner's to create. */
  readonly domainName: string;
  /** ACM certificate in us-east-1 covering domainName. */
  readonly certificateArn: string;
}

export interface WebStackProps extends StackProps {
  readonly councilId: string;
  readonly stage: string;
  /** Folder of the built app: index.html and assets/* (web/build.ts), without config.json. */
  readonly assetsDir: string;
  readonly domain?: WebDomain;
}

/** The region's hosts the app calls: its API Gateway hosts and the Cognito endpoint. */
export function webConnectSources(stack: Stack): string[] {
  const region = stack.region;
  const suffix =
    (Token.isUnresolved(region) ? undefined : RegionInfo.get(region).domainSuffix) ?? stack.urlSuffix;
  return [`https://*.execute-api.${region}.${suffix}`, `https://cognito-idp.${region}.${suffix}`];
}

/** The headers CloudFront sets natively (the rest are custom headers). */
const REFERRER_POLICIES = new Set<string>(Object.values(HeadersReferrerPolicy));
const FRAME_OPTIONS = new Set<string>(Object.values(HeadersFrameOption));
const HSTS = /^max-age=(\d+)(; includeSubDomains)?(; preload)?$/;

/**
 * A header map (webSecurityHeaders) as a CloudFront response headers policy: the security
 * headers CloudFront knows in their typed form, the others as custom headers, every one
 * overriding what the origin sends. Throws on a value CloudFront could not send as given.
 */
export function cloudFrontHeaders(headers: Record<string, string>): {
  securityHeadersBehavior: ResponseSecurityHeadersBehavior;
  customHeaders: ResponseCustomHeader[];
} {
  const security: {
    -readonly [K in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[K];
  } = {};
  const customHeaders: ResponseCustomHeader[] = [];
  const unsupported = (name: string, value: string) =>
    new Error(`CloudFront cannot send ${name}: ${value} as given; adjust web/security-headers.ts`);
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case 'content-security-policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'strict-transport-security': {
        const match = HSTS.exec(value);
        if (match === null) throw unsupported(name, value);
        security.strictTransportSecurity = {
          accessControlMaxAge: Duration.seconds(Number(match[1])),
          includeSubdomains: match[2] !== undefined,
          preload: match[3] !== undefined,
          override: true,
        };
        break;
      }
      case 'x-content-type-options':
        if (value !== 'nosniff') throw unsupported(name, value);
        security.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options':
        if (!FRAME_OPTIONS.has(value)) throw unsupported(name, value);
        security.frameOptions = { frameOption: value as HeadersFrameOption, override: true };
        break;
      case 'referrer-policy':
        if (!REFERRER_POLICIES.has(value)) throw unsupported(name, value);
        security.referrerPolicy = { referrerPolicy: value as HeadersReferrerPolicy, override: true };
        break;
      case 'x-xss-protection':
        throw unsupported(name, value);
      default:
        customHeaders.push({ header: name, value, override: true });
    }
  }
  return { securityHeadersBehavior: security, customHeaders };
}

export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  /** https://<domain> the app is served from: the only origin the API's CORS admits. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const prefix = `jisr-${props.councilId}-${props.stage}`;

    // --- Buckets --------------------------------------------------------------------------
    // Access logs of the bucket and of CloudFront. CloudFront's standard logs are written
    // with an ACL, so this bucket (only) keeps ACLs, owned by the bucket owner. Logs hold
    // viewers' IP addresses: kept three months, and kept when the stack is deleted.
    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: WEB_LOG_RETENTION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The built app: nothing in it that the next deployment does not put back, so it is not
    // versioned and goes with the stack (emptied first).
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'bucket/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    // --- Headers and caching --------------------------------------------------------------
    const { securityHeadersBehavior, customHeaders } = cloudFrontHeaders(
      webSecurityHeaders({ connectSources: webConnectSources(this) }),
    );
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${prefix}-web`,
      comment: `Jisr ${props.councilId} (${props.stage}): web/security-headers.ts`,
      securityHeadersBehavior,
      customHeadersBehavior: { customHeaders },
    });
    const cachePolicy = new CachePolicy(this, 'CachePolicy', {
      cachePolicyName: `${prefix}-web`,
      comment: 'Follows the files Cache-Control (minimum TTL 0); compressed; nothing in the cache key',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    // --- Distribution ---------------------------------------------------------------------
    const certificate =
      props.domain === undefined
        ? undefined
        : Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Jisr ${props.councilId} (${props.stage}) web app`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        cachePolicy,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      // Deep links of the single-page app: S3 answers 403 (no ListBucket) for a missing key.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(10),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableIpv6: true,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(props.domain === undefined || certificate === undefined
        ? {}
        : {
            domainNames: [props.domain.domainName],
            certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: SSLMethod.SNI,
          }),
    });
    const distribution = cfnResourceOf(this.distribution);
    if (props.domain === undefined) acknowledge(distribution, NAG.cloudFrontDefaultCertificate);
    acknowledge(distribution, NAG.cloudFrontNoGeoRestriction);
    acknowledge(distribution, NAG.cloudFrontNoWaf);
    this.origin = `https://${props.domain?.domainName ?? this.distribution.distributionDomainName}`;

    // --- The built app --------------------------------------------------------------------
    // Hashed assets first, kept across deployments (a page loaded before a deployment still
    // finds its chunks); then the rest, pruned, but never config.json (the Api stack's).
    const assets = new WebFilesDeployment(this, 'Assets', {
      sources: [Source.asset(props.assetsDir)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['assets/*'],
      keys: 'assets/*',
      prune: false,
      cacheControl: [CacheControl.fromString(WEB_CACHE_CONTROL.hashed)],
    });
    const pages = new WebFilesDeployment(this, 'Pages', {
      sources: [Source.asset(props.assetsDir)],
      destinationBucket: this.bucket,
      exclude: ['assets/*', WEB_CONFIG_FILE],
      keys: '*',
      prune: true,
      cacheControl: [CacheControl.fromString(WEB_CACHE_CONTROL.unhashed)],
    });
    pages.node.addDependency(assets);

    new CfnOutput(this, 'WebUrl', { value: this.origin, description: 'The web app' });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'WebBucketName', { value: this.bucket.bucketName });
  }
}
