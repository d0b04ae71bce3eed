/**
 * Routes are declared once (infra/routes.ts). This is the template's side of the parity
 * proof: the synthesized HTTP API has exactly ROUTES' route keys, each behind the JWT
 * authorizer and integrated with the function of its route; and the local runtime serves
 * exactly the template's route keys, each with the handler module CDK bundles.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../../infra/routes.js';
import { loadRoutes, servedRouteKeys } from '../../../local/server.js';
import {
  type CfnResource,
  type Json,
  props,
  referencedLogicalId,
  resourcesOfType,
  type SynthesizedCouncil,
} from '../synth.js';

export const routeParitySuite = (synthesized: () => SynthesizedCouncil) =>
  describe('route parity between ROUTES and the synthesized template', () => {
    const routes = () => resourcesOfType(synthesized().apiJson, 'AWS::ApiGatewayV2::Route');
    it('has exactly the route keys of ROUTES, each once', () => {
      const keys = routes().map(([, route]) => props(route).RouteKey as string);
      expect(keys.length).toBe(new Set(keys).size);
      expect(new Set(keys)).toEqual(new Set(ROUTES.map(routeKey)));
    });

    it('has the same routes as the local runtime serves', async () => {
      // The handlers read their table name at import, as in Lambda; nothing is called here.
      process.env.TABLE_NAME ??= 'route-parity';
      const served = servedRouteKeys(await loadRoutes());
      const synthesizedKeys = routes().map(([, route]) => props(route).RouteKey as string);
      expect([...served].sort()).toEqual([...synthesizedKeys].sort());
    });

    it('puts every route behind the JWT authorizer (no anonymous route)', () => {
      const authorizers = resourcesOfType(synthesized().apiJson, 'AWS::ApiGatewayV2::Authorizer');
      expect(authorizers).toHaveLength(1);
      const [authorizerId, authorizer] = authorizers[0] as [string, CfnResource];
      expect(props(authorizer).AuthorizerType).toBe('JWT');
      for (const [logicalId, route] of routes()) {
        expect(props(route).AuthorizationType, logicalId).toBe('JWT');
        expect(props(route).AuthorizerId, logicalId).toEqual({ Ref: authorizerId });
      }
    });

    it('integrates each route with its own function (Lambda proxy, payload 2.0)', () => {
      for (const definition of ROUTES) {
        const [, route] = routes().find(([, r]) => props(r).RouteKey === routeKey(definition)) as [
          string,
          CfnResource,
        ];
        const target = props(route).Target as { 'Fn::Join': [string, unknown[]] };
        const integrationId = referencedLogicalId(target['Fn::Join'][1][1]) as string;
        const integration = props(synthesized().apiJson.Resources[integrationId] as CfnResource);
        expect(integration).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
        const functionId = referencedLogicalId(integration.IntegrationUri) as string;
        const fn = synthesized().apiJson.Resources[functionId] as CfnResource;
        expect(fn.Type).toBe('AWS::Lambda::Function');
        expect((props(fn) as Json).Description).toMatch(
          new RegExp(`^${definition.method} ${definition.path.replace(/[{}]/g, '\\$&')}:`),
        );
        const pascal = definition.functionName
          .split('-')
          .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
          .join('');
        expect(functionId.startsWith(`${pascal}Function`)).toBe(true);
      }
    });
  });
