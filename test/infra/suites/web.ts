/**
 * The web app in AWS (Web stack, and its two links with the Api stack): HTTPS only, the
 * security headers of web/security-headers.ts exactly, a private bucket read through Origin
 * Access Control, caching that never keeps config.json or index.html, the built app deployed
 * (config.json left to the Api stack), the API's CORS admitting the distribution's origin and
 * nothing else, and config.json holding the API's URL and the app client.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../infra/routes.js';
import { API_CORS } from '../../../infra/stacks/api-stack.js';
import { WEB_CACHE_CONTROL, WEB_CONFIG_FILE } from '../../../infra/stacks/web-stack.js';
import { webSecurityHeaders } from '../../../web/security-headers.js';
import {
  allowStatements,
  type CfnResource,
  type CfnTemplate,
  type Json,
  props,
  referencedLogicalId,
  resolveReference,
  resourcesOfType,
  type SynthesizedCouncil,
} from '../synth.js';

/** How templateText shows a reference: `${Name}`. */
export const shown = (name: string) => `\${${name}}`;

/**
 * A template string value as text: `Fn::Join` joined, `Ref` as `${Name}`, `Fn::GetAtt` as
 * `${Id.Attr}`, anything else (a cross-stack reference) as its JSON.
 */
export function templateText(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Json;
  const join = object['Fn::Join'] as [string, unknown[]] | undefined;
  if (join !== undefined) return join[1].map(templateText).join(join[0]);
  if (typeof object.Ref === 'string') return shown(object.Ref);
  const getAtt = object['Fn::GetAtt'] as [string, string] | undefined;
  if (getAtt !== undefined) return shown(`${getAtt[0]}.${getAtt[1]}`);
  return JSON.stringify(value);
}

/** The response headers CloudFront sends with this policy, as the browser receives them. */
export function headersSentBy(policy: CfnResource): Record<string, string> {
  const config = props(policy).ResponseHeadersPolicyConfig as Json;
  const security = (config.SecurityHeadersConfig ?? {}) as Record<string, Json>;
  const headers: Record<string, string> = {};
  const overriding = (name: string, entry: Json) => {
    expect(entry.Override, `${name} overrides what the origin sends`).toBe(true);
  };
  if (security.ContentSecurityPolicy !== undefined) {
    overriding('CSP', security.ContentSecurityPolicy);
    headers['Content-Security-Policy'] = templateText(security.ContentSecurityPolicy.ContentSecurityPolicy);
  }
  if (security.StrictTransportSecurity !== undefined) {
    const hsts = security.StrictTransportSecurity;
    overriding('HSTS', hsts);
    headers['Strict-Transport-Security'] =
      `max-age=${hsts.AccessControlMaxAgeSec}` +
      (hsts.IncludeSubdomains === true ? '; includeSubDomains' : '') +
      (hsts.Preload === true ? '; preload' : '');
  }
  if (security.ContentTypeOptions !== undefined) {
    overriding('X-Content-Type-Options', security.ContentTypeOptions);
    headers['X-Content-Type-Options'] = 'nosniff';
  }
  if (security.FrameOptions !== undefined) {
    overriding('X-Frame-Options', security.FrameOptions);
    headers['X-Frame-Options'] = String(security.FrameOptions.FrameOption);
  }
  if (security.ReferrerPolicy !== undefined) {
    overriding('Referrer-Policy', security.ReferrerPolicy);
    headers['Referrer-Policy'] = String(security.ReferrerPolicy.ReferrerPolicy);
  }
  expect(security.XSSProtection, 'X-XSS-Protection is obsolete').toBeUndefined();
  const custom = ((config.CustomHeadersConfig as Json | undefined)?.Items ?? []) as Json[];
  for (const header of custom) {
    overriding(String(header.Header), header);
    headers[String(header.Header)] = String(header.Value);
  }
  return headers;
}

/** The deployments of files into the web bucket, by template. */
const deploymentsOf = (template: CfnTemplate) =>
  resourcesOfType(template, 'Custom::CDKBucketDeployment').map(([logicalId, resource]) => ({
    logicalId,
    properties: props(resource),
  }));

export const webSuite = (synthesized: () => SynthesizedCouncil) => {
  const web = () => synthesized().webJson;
  const api = () => synthesized().apiJson;
  const webStackName = () => synthesized().jisr.webStack.stackName;
  const only = (template: CfnTemplate, type: string): [string, CfnResource] => {
    const found = resourcesOfType(template, type);
    expect(found, type).toHaveLength(1);
    return found[0] as [string, CfnResource];
  };
  const distribution = () => only(web(), 'AWS::CloudFront::Distribution');
  const distributionConfig = () => props(distribution()[1]).DistributionConfig as Json;
  /** The bucket the distribution reads (its only origin). */
  const filesBucketId = () => {
    const origins = distributionConfig().Origins as Json[];
    expect(origins).toHaveLength(1);
    return referencedLogicalId((origins[0] as Json).DomainName) as string;
  };
  const bucketPolicyOf = (bucketId: string) =>
    resourcesOfType(web(), 'AWS::S3::BucketPolicy').find(
      ([, policy]) => referencedLogicalId(props(policy).Bucket) === bucketId,
    )?.[1] as CfnResource;
  const logBucketId = () =>
    referencedLogicalId((distributionConfig().Logging as Json | undefined)?.Bucket) as string;

  describe('web stack', () => {
    it('is its own stack, before the Api stack and depending on nothing', () => {
      const { jisr } = synthesized();
      expect(jisr.webStack.stackName).toBe('Jisr-adana-dev-Web');
      expect(jisr.webStack.dependencies).toEqual([]);
      expect(jisr.apiStack.dependencies).toContain(jisr.webStack);
      expect(JSON.stringify(web())).not.toContain('Fn::GetStackOutput');
    });

    it('serves over HTTPS only: no behaviour allows plain HTTP, in any template', () => {
      const config = distributionConfig();
      const behaviors = [config.DefaultCacheBehavior, ...((config.CacheBehaviors as Json[]) ?? [])] as Json[];
      for (const behavior of behaviors) {
        expect(['redirect-to-https', 'https-only']).toContain(behavior.ViewerProtocolPolicy);
        expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
      }
      for (const template of synthesized().templates)
        expect(JSON.stringify(template)).not.toContain('allow-all');
      expect(config).toMatchObject({
        HttpVersion: 'http2and3',
        DefaultRootObject: 'index.html',
        Enabled: true,
      });
      // No custom domain here: CloudFront's default certificate (its TLS floor is acknowledged).
      expect(config.ViewerCertificate).toBeUndefined();
      expect(config.Aliases).toBeUndefined();
    });

    it('sends every header of web/security-headers.ts with exactly its value, on every behaviour', () => {
      const [policyId, policy] = only(web(), 'AWS::CloudFront::ResponseHeadersPolicy');
      const config = distributionConfig();
      const behaviors = [config.DefaultCacheBehavior, ...((config.CacheBehaviors as Json[]) ?? [])] as Json[];
      for (const behavior of behaviors) expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
      const expected = webSecurityHeaders({
        connectSources: [
          `https://*.execute-api.${shown('AWS::Region')}.${shown('AWS::URLSuffix')}`,
          `https://cognito-idp.${shown('AWS::Region')}.${shown('AWS::URLSuffix')}`,
        ],
      });
      expect(headersSentBy(policy)).toEqual(expected);
      // The parts that matter, spelled out.
      const csp = expected['Content-Security-Policy'] as string;
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/connect-src 'self' https:\/\/\*\.execute-api\.\S+ https:\/\/cognito-idp\.\S+;/);
      expect(Object.keys(expected).sort()).toEqual(
        [
          'Content-Security-Policy',
          'Cross-Origin-Opener-Policy',
          'Permissions-Policy',
          'Referrer-Policy',
          'Strict-Transport-Security',
          'X-Content-Type-Options',
          'X-Frame-Options',
        ].sort(),
      );
    });

    it('keeps the bucket private: public access blocked, TLS only, read by this distribution alone (OAC)', () => {
      const bucket = web().Resources[filesBucketId()] as CfnResource;
      expect(bucket.Type).toBe('AWS::S3::Bucket');
      expect(props(bucket)).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId() } },
      });
      expect(props(bucket).WebsiteConfiguration).toBeUndefined();

      const [oacId, oac] = only(web(), 'AWS::CloudFront::OriginAccessControl');
      expect(props(oac).OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
      const [origin] = distributionConfig().Origins as [Json];
      expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
      expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });

      const statements = (props(bucketPolicyOf(filesBucketId())).PolicyDocument as { Statement: Json[] })
        .Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      const allows = statements.filter((statement) => statement.Effect === 'Allow');
      const [distributionId] = distribution();
      const reader = allows.filter((statement) => JSON.stringify(statement.Principal).includes('cloudfront'));
      expect(reader).toHaveLength(1);
      expect(reader[0]).toMatchObject({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
      });
      expect(JSON.stringify((reader[0] as Json).Condition)).toContain(`{"Ref":"${distributionId}"}`);
      // Nobody else but the role that empties the bucket when the stack is deleted.
      for (const statement of allows.filter((s) => s !== reader[0])) {
        expect(JSON.stringify(statement.Principal)).toContain(
          'CustomS3AutoDeleteObjectsCustomResourceProviderRole',
        );
      }
      for (const statement of allows) expect(JSON.stringify(statement.Principal)).not.toContain('"*"');
    });

    it('answers deep links of the single-page app with /index.html (200)', () => {
      expect(distributionConfig().CustomErrorResponses).toEqual(
        [403, 404].map((code) => ({
          ErrorCode: code,
          ResponseCode: 200,
          ResponsePagePath: '/index.html',
          ErrorCachingMinTTL: 10,
        })),
      );
    });

    it("follows the files' Cache-Control: immutable hashed assets, no-cache index.html and config.json", () => {
      const [cachePolicyId, cachePolicy] = only(web(), 'AWS::CloudFront::CachePolicy');
      expect((distributionConfig().DefaultCacheBehavior as Json).CachePolicyId).toEqual({
        Ref: cachePolicyId,
      });
      const cacheConfig = props(cachePolicy).CachePolicyConfig as Json;
      expect(cacheConfig.MinTTL).toBe(0);
      expect(cacheConfig.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
        EnableAcceptEncodingBrotli: true,
        EnableAcceptEncodingGzip: true,
        CookiesConfig: { CookieBehavior: 'none' },
        HeadersConfig: { HeaderBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
      });

      const deployments = deploymentsOf(web());
      expect(deployments).toHaveLength(2);
      const assets = deployments.find(({ properties }) => properties.Prune === false);
      const pages = deployments.find(({ properties }) => properties.Prune === true);
      expect(assets?.properties).toMatchObject({
        Exclude: ['*'],
        Include: ['assets/*'],
        SystemMetadata: { 'cache-control': WEB_CACHE_CONTROL.hashed },
      });
      expect(WEB_CACHE_CONTROL.hashed).toMatch(/max-age=31536000.*immutable/);
      // The pages deployment prunes old files, but never config.json (the Api stack's).
      expect(pages?.properties).toMatchObject({
        Exclude: ['assets/*', WEB_CONFIG_FILE],
        SystemMetadata: { 'cache-control': 'no-cache' },
      });
      expect(pages?.properties.Include).toBeUndefined();
      for (const { properties } of deployments) {
        expect(referencedLogicalId(properties.DestinationBucketName)).toBe(filesBucketId());
      }
      // The pages wait for the assets they refer to.
      const pagesResource = web().Resources[pages?.logicalId as string] as CfnResource & {
        DependsOn?: string[];
      };
      expect(JSON.stringify(pagesResource.DependsOn ?? [])).toContain('Assets');
    });

    it('deploys the built web app: index.html and content-hashed assets, no config.json', () => {
      const [{ properties }] = deploymentsOf(web()) as unknown as [{ properties: Json }];
      const [key] = properties.SourceObjectKeys as [string];
      const dir = join(synthesized().outdir, `asset.${key.replace(/\.zip$/, '')}`);
      expect(existsSync(join(dir, 'index.html'))).toBe(true);
      expect(existsSync(join(dir, WEB_CONFIG_FILE))).toBe(false);
      const html = readFileSync(join(dir, 'index.html'), 'utf8');
      const scripts = [...html.matchAll(/src="\/(assets\/[^"]+)"/g)].map((match) => match[1] as string);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        expect(script).toMatch(/-[A-Z0-9]{8}\.js$/);
        expect(existsSync(join(dir, script)), script).toBe(true);
      }
      expect(html).not.toMatch(/<script>|<style>|\son[a-z]+=/i);
    });

    it('lets the deployments write only the keys they deploy, and read only their own sources', () => {
      for (const template of [web(), api()]) {
        const roles = new Set(
          resourcesOfType(template, 'AWS::Lambda::Function')
            .filter(([logicalId]) => logicalId.startsWith('CustomCDKBucketDeployment'))
            .map(([, fn]) => referencedLogicalId(props(fn).Role)),
        );
        expect(roles.size).toBe(1);
        const statements = allowStatements(template).filter((statement) =>
          statement.roles.some((role) => roles.has(role)),
        );
        const actions = new Set(statements.flatMap((statement) => statement.actions));
        for (const action of actions) expect(action).not.toContain('*');
        const role = template.Resources[[...roles][0] as string] as CfnResource;
        expect(props(role).ManagedPolicyArns).toBeUndefined();
        // Source zips by their exact key (no whole staging bucket).
        for (const statement of statements.filter((s) => s.actions.includes('s3:GetObject'))) {
          for (const resource of statement.resources)
            expect(templateText(resource)).toMatch(/\/[0-9a-f]{64}\.zip$/);
        }
      }
      // The Api stack's may put config.json and nothing else.
      const writes = allowStatements(api()).filter((statement) => statement.actions.includes('s3:PutObject'));
      expect(writes).toHaveLength(1);
      expect(writes[0]?.actions).toEqual(['s3:PutObject']);
      expect(writes[0]?.resources.map(templateText)).toEqual([expect.stringMatching(/\/config\.json$/)]);
    });

    it('logs the bucket and the distribution into a private log bucket, kept 90 days and retained', () => {
      const logBucket = web().Resources[logBucketId()] as CfnResource;
      expect(logBucket.Type).toBe('AWS::S3::Bucket');
      expect(logBucket.DeletionPolicy).toBe('Retain');
      expect(props(logBucket)).toMatchObject({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 90, Status: 'Enabled' }] },
      });
      expect((distributionConfig().Logging as Json).Prefix).toBe('cloudfront/');
      expect(JSON.stringify(bucketPolicyOf(logBucketId()))).toContain('"aws:SecureTransport":"false"');
    });

    it('outputs the web app URL', () => {
      const url = web().Outputs?.WebUrl?.Value;
      expect(templateText(url)).toBe(`https://${shown(`${distribution()[0]}.DomainName`)}`);
    });
  });

  describe("the API's CORS, for the web app", () => {
    const cors = () => props(only(api(), 'AWS::ApiGatewayV2::Api')[1]).CorsConfiguration as Json;

    it("admits exactly the distribution's https origin, nothing else", () => {
      const origins = cors().AllowOrigins as unknown[];
      expect(origins).toHaveLength(1);
      const [origin] = origins as [{ 'Fn::Join': [string, unknown[]] }];
      expect(JSON.stringify(origins)).not.toContain('*');
      const [delimiter, [scheme, host, ...rest]] = origin['Fn::Join'];
      expect([delimiter, scheme, rest]).toEqual(['', 'https://', []]);
      const target = resolveReference(synthesized(), synthesized().jisr.apiStack.stackName, host);
      expect(target).toEqual({ stack: webStackName(), logicalId: distribution()[0] });
      const weak = (host as Json)['Fn::GetStackOutput'] as Json;
      expect(web().Outputs?.[String(weak.OutputName)]?.Value).toEqual({
        'Fn::GetAtt': [distribution()[0], 'DomainName'],
      });
    });

    it('allows the methods of ROUTES, the headers the handlers read, no credentials', () => {
      expect(new Set(cors().AllowMethods as string[])).toEqual(new Set(ROUTES.map((route) => route.method)));
      expect(cors().AllowHeaders).toEqual(
        expect.arrayContaining(['Authorization', 'Content-Type', 'Idempotency-Key']),
      );
      expect(cors().AllowHeaders).toEqual([...API_CORS.allowHeaders]);
      expect(cors().ExposeHeaders).toEqual(
        expect.arrayContaining(['Location', 'Idempotent-Replayed', 'Retry-After']),
      );
      expect(cors().AllowCredentials).toBe(false);
      expect(cors().MaxAge).toBe(API_CORS.maxAge.toSeconds());
    });
  });

  describe('config.json', () => {
    const configDeployment = () => {
      const deployments = deploymentsOf(api());
      expect(deployments).toHaveLength(1);
      return (deployments[0] as { properties: Json }).properties;
    };

    it('is written by the Api stack into the web bucket, alone, never pruning, never cached', () => {
      const properties = configDeployment();
      expect(properties).toMatchObject({
        Prune: false,
        RetainOnDelete: true,
        SystemMetadata: { 'cache-control': 'no-cache', 'content-type': 'application/json' },
      });
      expect(
        resolveReference(
          synthesized(),
          synthesized().jisr.apiStack.stackName,
          properties.DestinationBucketName,
        ),
      ).toEqual({ stack: webStackName(), logicalId: filesBucketId() });
    });

    it("holds the API's URL, the app client, the region and the council's settings", () => {
      const properties = configDeployment();
      const [key] = properties.SourceObjectKeys as [string];
      const dir = join(synthesized().outdir, `asset.${key.replace(/\.zip$/, '')}`);
      const [markers] = properties.SourceMarkers as [Record<string, unknown>];
      let text = readFileSync(join(dir, WEB_CONFIG_FILE), 'utf8');
      for (const [marker, value] of Object.entries(markers))
        text = text.replaceAll(marker, templateText(value));
      const apiId = only(api(), 'AWS::ApiGatewayV2::Api')[0];
      const clientId = only(api(), 'AWS::Cognito::UserPoolClient')[0];
      const { settings } = synthesized().jisr;
      expect(JSON.parse(text)).toEqual({
        apiBaseUrl: shown(`${apiId}.ApiEndpoint`),
        auth: { kind: 'cognito', region: shown('AWS::Region'), userPoolClientId: shown(clientId) },
        councilName: settings.name,
        languages: settings.languages,
        timeZone: settings.timeZone,
      });
    });
  });
};
