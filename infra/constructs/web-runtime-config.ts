/**
 * Writes the web app's `/config.json` (web/src/runtime-config.ts) into the Web stack's
 * bucket: the API's URL, the Cognito app client to sign in with, and the council's name,
 * languages and time zone. It lives in the Api stack, next to the values it holds, so the
 * Web stack does not depend on the Api stack (infra/stacks/web-stack.ts explains the order).
 * Prune is off: it adds this one file and leaves the built app alone; the Web stack's
 * deployment of the built files never touches config.json either.
 */
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { WebRuntimeConfig } from '../../web/src/runtime-config.js';
import type { LoadedCouncilSettings } from '../council.js';
import { WEB_CACHE_CONTROL, WEB_CONFIG_FILE } from '../stacks/web-stack.js';
import { WebFilesDeployment } from './web-files-deployment.js';

export interface WebRuntimeConfigProps {
  readonly bucket: IBucket;
  readonly settings: LoadedCouncilSettings;
  /** The HTTP API's endpoint, without a trailing slash (a deploy-time value). */
  readonly apiBaseUrl: string;
  readonly region: string;
  readonly userPoolClientId: string;
}

/** config.json of a council's deployment in AWS. */
export function webRuntimeConfig(props: Omit<WebRuntimeConfigProps, 'bucket'>): WebRuntimeConfig {
  const { settings } = props;
  return {
    apiBaseUrl: props.apiBaseUrl,
    auth: { kind: 'cognito', region: props.region, userPoolClientId: props.userPoolClientId },
    councilName: { ar: settings.name.ar, tr: settings.name.tr, en: settings.name.en },
    languages: settings.languages,
    timeZone: settings.timeZone,
  };
}

export class WebRuntimeConfigDeployment extends Construct {
  readonly config: WebRuntimeConfig;

  constructor(scope: Construct, id: string, props: WebRuntimeConfigProps) {
    super(scope, id);
    this.config = webRuntimeConfig(props);
    new WebFilesDeployment(this, 'Files', {
      sources: [Source.jsonData(WEB_CONFIG_FILE, this.config)],
      destinationBucket: props.bucket,
      keys: WEB_CONFIG_FILE,
      prune: false,
      cacheControl: [CacheControl.fromString(WEB_CACHE_CONTROL.unhashed)],
      contentType: 'application/json',
    });
  }
}
